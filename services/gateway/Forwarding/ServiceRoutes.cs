using Yarp.ReverseProxy.Configuration;

namespace CodeTether.Gateway.Forwarding;

/// <summary>Which service owns which public paths; each service's address comes from <c>Services:{Name}</c>.</summary>
public static class ServiceRoutes
{
    public static readonly IReadOnlyList<(string Service, string[] Paths)> Table =
    [
        // "/v1/agents/send" creates a task, so it is the tasks service's; more specific than the workers' "/v1/agents", it wins.
        ("Tasks", ["/v1/automation/tasks", "/v1/tasks", "/v1/messages", "/v1/ralph", "/v1/prd", "/v1/agents/send"]),
        ("Workers", ["/v1/agents", "/v1/models", "/v1/codebases"]),
        ("Webhooks", ["/v1/webhooks"]),
        ("Scheduler", ["/v1/cronjobs"]),
        ("Billing", ["/v1/billing"]),
    ];

    /// <summary>Each path and everything below it.</summary>
    public static IReadOnlyList<RouteConfig> Routes() =>
    [
        .. Table.SelectMany(entry => entry.Paths.Select(path => new RouteConfig
        {
            RouteId = $"{entry.Service.ToLowerInvariant()}:{path}",
            ClusterId = entry.Service.ToLowerInvariant(),
            Match = new RouteMatch { Path = $"{path}/{{**rest}}" },
        })),
    ];

    public static IReadOnlyList<ClusterConfig> Clusters(IConfiguration configuration) =>
    [
        .. Table.Select(entry => new ClusterConfig
        {
            ClusterId = entry.Service.ToLowerInvariant(),
            Destinations = new Dictionary<string, DestinationConfig>
            {
                [entry.Service.ToLowerInvariant()] = new()
                {
                    Address = configuration[$"Services:{entry.Service}"]
                        ?? throw new InvalidOperationException($"Services:{entry.Service} is not configured: the address of the {entry.Service.ToLowerInvariant()} service."),
                },
            },
        }),
    ];
}
