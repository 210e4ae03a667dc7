using CodeTether.Gateway.Tenants;

namespace CodeTether.Gateway.Data;

public sealed class Tenant
{
    public Guid Id { get; init; }
    public required string Name { get; set; }
    public Plan Plan { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
