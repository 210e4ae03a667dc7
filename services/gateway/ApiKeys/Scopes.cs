namespace CodeTether.Gateway.ApiKeys;

/// <summary>
/// The scopes of the Zapier document, and the write scopes of families it only reads (<c>billing:write</c>,
/// <c>codebases:write</c>); a key gets all of them unless it asks for fewer.
/// </summary>
public static class Scopes
{
    public static readonly IReadOnlyList<string> All =
    [
        "tasks:read",
        "tasks:write",
        "messages:write",
        "codebases:read",
        "codebases:write",
        "agents:read",
        "billing:read",
        "billing:write",
        "cronjobs:write",
    ];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);

    /// <summary>The unknown names among <paramref name="requested"/>, or none.</summary>
    public static IReadOnlyList<string> Unknown(IEnumerable<string> requested) => requested.Where(s => !IsKnown(s)).Distinct().ToArray();
}
