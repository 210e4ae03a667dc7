namespace CodeTether.Gateway.Authorization;

/// <summary>What a request needs: a scope, nothing (<see cref="None"/>), or something no scope grants (<see cref="Closed"/>).</summary>
public sealed record ScopeRequirement(string? Scope, bool IsClosed = false)
{
    public static readonly ScopeRequirement None = new((string?)null);
    public static readonly ScopeRequirement Closed = new(null, IsClosed: true);
}

/// <summary>
/// Which scope each public route needs: one table, by path family and by reads (<c>GET</c>, <c>HEAD</c>,
/// <c>OPTIONS</c>) versus writes (every other method); the first row whose path matches decides. Agents and models
/// take no writes through the public API (no scope grants them) except <c>POST /v1/agents/send</c>, which sends a
/// message, so <c>messages:write</c> like <c>/v1/messages</c>. Registering a codebase needs <c>codebases:write</c>,
/// billing's spending limits <c>billing:write</c>.
/// Paths outside the table (<c>/v1/automation/me</c>, <c>/v1/keys</c>, unknown paths) need no scope.
/// </summary>
public static class RouteScopes
{
    public static readonly IReadOnlyList<(string[] Paths, string? Read, string? Write)> Table =
    [
        (["/v1/automation/tasks", "/v1/tasks", "/v1/ralph", "/v1/prd", "/v1/webhooks"], "tasks:read", "tasks:write"),
        (["/v1/messages"], "tasks:read", "messages:write"),
        (["/v1/codebases"], "codebases:read", "codebases:write"),
        (["/v1/agents/send"], "agents:read", "messages:write"),
        (["/v1/agents", "/v1/models"], "agents:read", null),
        (["/v1/billing"], "billing:read", "billing:write"),
        (["/v1/cronjobs"], "cronjobs:write", "cronjobs:write"),
    ];

    public static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    public static ScopeRequirement For(string method, PathString path)
    {
        foreach (var (paths, read, write) in Table)
        {
            if (!paths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
                continue;
            var scope = IsRead(method) ? read : write;
            return scope is null ? ScopeRequirement.Closed : new ScopeRequirement(scope);
        }
        return ScopeRequirement.None;
    }
}
