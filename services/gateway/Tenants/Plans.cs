namespace CodeTether.Gateway.Tenants;

public static class Plans
{
    public static readonly IReadOnlyList<string> Names = Enum.GetValues<Plan>().Select(Name).ToArray();

    public static string Name(Plan plan) => plan.ToString().ToLowerInvariant();

    /// <summary>Only the plan names themselves: <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> would also take "1" or "Free, Pro".</summary>
    public static bool TryParse(string? name, out Plan plan)
    {
        foreach (var candidate in Enum.GetValues<Plan>())
        {
            if (string.Equals(Name(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                plan = candidate;
                return true;
            }
        }
        plan = default;
        return false;
    }

    public static Plan Parse(string name) =>
        TryParse(name, out var plan) ? plan : throw new FormatException($"Unknown plan '{name}'. Plans are: {string.Join(", ", Names)}.");
}
