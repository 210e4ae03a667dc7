using CodeTether.Gateway.Tenants;

namespace CodeTether.Gateway.Admin;

public sealed record TenantPlanChanged(Guid TenantId, Plan Plan);
