using CodeTether.Gateway.ApiKeys;
using CodeTether.Gateway.Tenants;

namespace CodeTether.Gateway.Admin;

/// <summary>The <c>--name value</c> pairs of a command, checked as they are read.</summary>
internal sealed class AdminOptions
{
    private readonly Dictionary<string, string> _values = [];

    public static AdminOptions Parse(IReadOnlyList<string> args, params string[] allowed)
    {
        var options = new AdminOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            if (name is null || !allowed.Contains(name))
                throw new AdminUsageException($"Unexpected argument '{args[i]}'. Options here: {string.Join(", ", allowed.Select(a => "--" + a))}.");
            if (i + 1 >= args.Count)
                throw new AdminUsageException($"--{name} needs a value.");
            options._values[name] = args[i + 1];
        }
        return options;
    }

    public string Required(string name) =>
        _values.GetValueOrDefault(name) is { } value && !string.IsNullOrWhiteSpace(value)
            ? value.Trim()
            : throw new AdminUsageException($"--{name} is required.");

    public Plan? Plan(string name) => _values.GetValueOrDefault(name) switch
    {
        null => null,
        var value when Plans.TryParse(value, out var plan) => plan,
        var value => throw new AdminUsageException($"Unknown plan '{value}'. Plans are: {string.Join(", ", Plans.Names)}."),
    };

    public Guid Id(string name) => Guid.TryParse(Required(name), out var id)
        ? id
        : throw new AdminUsageException($"--{name} must be an id (a GUID), not '{_values[name]}'.");

    /// <summary>Space-separated, as in <c>--scopes "tasks:read tasks:write"</c>; all scopes when left out.</summary>
    public IReadOnlyList<string> Scopes(string name)
    {
        if (!_values.TryGetValue(name, out var value))
            return ApiKeys.Scopes.All;
        var scopes = value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (scopes.Length == 0)
            throw new AdminUsageException($"--{name} needs at least one scope.");
        if (ApiKeys.Scopes.Unknown(scopes) is [_, ..] unknown)
            throw new AdminUsageException($"Unknown scope(s): {string.Join(", ", unknown)}. Scopes are: {string.Join(", ", ApiKeys.Scopes.All)}.");
        return scopes;
    }
}
