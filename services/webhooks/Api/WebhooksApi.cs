namespace CodeTether.Webhooks.Api;

/// <summary><c>/v1/webhooks</c>: a tenant's deliveries, REST-hook subscriptions and signing secret.</summary>
public static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/webhooks");
        group.MapDeliveries();
        group.MapSubscriptions();
        group.MapSigningSecret();
        return group;
    }

    public static IResult NotFound(string what, Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No {what} {id} in this tenant.");

    public static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
