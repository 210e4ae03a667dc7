using CodeTether.Gateway.Data;
using CodeTether.Gateway.Tenants;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Gateway.Admin;

public sealed record ChangePlanCommand(Guid TenantId, Plan Plan) : AdminCommand
{
    internal static ChangePlanCommand From(AdminOptions options) =>
        new(options.Id("tenant"), options.Plan("plan") ?? throw new AdminUsageException("--plan is required."));

    public override async Task<object> ExecuteAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var changed = await services.GetRequiredService<GatewayDbContext>().Tenants
            .Where(t => t.Id == TenantId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Plan, Plan), cancellationToken);
        return changed == 1 ? new TenantPlanChanged(TenantId, Plan) : throw new AdminUsageException($"There is no tenant {TenantId}.");
    }
}
