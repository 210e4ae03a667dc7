using CodeTether.Gateway.Tenants;

namespace CodeTether.Gateway.Admin;

public sealed record TenantCreated(Guid TenantId, string Name, Plan Plan);
