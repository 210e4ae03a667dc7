using CodeTether.Gateway.Data;
using CodeTether.Gateway.Tenants;

namespace CodeTether.Gateway.Admin;

public sealed record CreateTenantCommand(string Name, Plan Plan) : AdminCommand
{
    internal static CreateTenantCommand From(AdminOptions options) => new(options.Required("name"), options.Plan("plan") ?? Plan.Free);

    public override async Task<object> ExecuteAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<GatewayDbContext>();
        var tenant = new Tenant
        {
            Id = Guid.CreateVersion7(),
            Name = Name,
            Plan = Plan,
            CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync(cancellationToken);
        return new TenantCreated(tenant.Id, tenant.Name, tenant.Plan);
    }
}
