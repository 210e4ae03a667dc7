namespace CodeTether.Tasks.Dispatch;

/// <summary>
/// How many tasks a tenant may have running (dispatched, running or needing input) at once, by plan: the Zapier
/// document's tiers. A plan missing here, or with a limit of 0 or less, is unlimited; a tenant never seen is on <see cref="DefaultPlan"/>.
/// </summary>
public class ConcurrencyOptions
{
    public const string Section = "Tasks:Concurrency";

    public Dictionary<string, int> ByPlan { get; set; } = new(StringComparer.OrdinalIgnoreCase) { ["free"] = 5, ["pro"] = 25 };
    public string DefaultPlan { get; set; } = "free";

    public int? LimitFor(string? plan) =>
        ByPlan.TryGetValue(plan ?? DefaultPlan, out var limit) && limit > 0 ? limit : null;
}
