namespace CodeTether.Tasks.Dispatch;

/// <summary>The plan a tenant's last task request came with (from the gateway's verified identity): it sets the concurrency limit.</summary>
public class TenantPlan
{
    public Guid TenantId { get; init; }
    public required string Plan { get; set; }
}
