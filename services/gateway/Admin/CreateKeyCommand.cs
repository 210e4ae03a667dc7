using CodeTether.Gateway.ApiKeys;
using CodeTether.Gateway.Data;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Gateway.Admin;

public sealed record CreateKeyCommand(Guid TenantId, string Name, IReadOnlyList<string> Scopes) : AdminCommand
{
    internal static CreateKeyCommand From(AdminOptions options) => new(options.Id("tenant"), options.Required("name"), options.Scopes("scopes"));

    public override async Task<object> ExecuteAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (!await services.GetRequiredService<GatewayDbContext>().Tenants.AnyAsync(t => t.Id == TenantId, cancellationToken))
            throw new AdminUsageException($"There is no tenant {TenantId}.");
        var (key, secret) = await services.GetRequiredService<ApiKeyIssuer>().IssueAsync(TenantId, Name, Scopes, null, cancellationToken);
        return new KeyCreated(key.Id, secret.Value, key.Prefix);
    }
}
