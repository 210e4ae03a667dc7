using System.Net;
using System.Net.Sockets;
using CodeTether.ServiceDefaults;
using CodeTether.Webhooks.Data;
using CodeTether.Webhooks.Events;
using CodeTether.Webhooks.Safety;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Webhooks.Api;

/// <summary>Zapier REST hooks and n8n triggers: subscribe with a target URL and an event, unsubscribe by id.</summary>
public static class SubscriptionsApi
{
    public static void MapSubscriptions(this RouteGroupBuilder group)
    {
        group.MapPost("/subscriptions", SubscribeAsync).Produces<SubscriptionResponse>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapGet("/subscriptions", ListAsync).Produces<SubscriptionList>();
        group.MapDelete("/subscriptions/{id:guid}", UnsubscribeAsync).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> SubscribeAsync(SubscriptionRequest request, HttpContext http, WebhooksDbContext db,
        AddressPolicy policy, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (await ValidateTargetAsync(request.TargetUrl, policy, cancellationToken) is { } targetError)
            errors["target_url"] = [targetError];
        if (request.Event is null || !LifecycleEvent.Names.Contains(request.Event))
            errors["event"] = [$"The event must be one of {string.Join(", ", LifecycleEvent.Names)}."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var subscription = new Subscription
        {
            Id = NewId.NextGuid(),
            TenantId = http.Caller().TenantId,
            TargetUrl = request.TargetUrl!,
            Event = request.Event!,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/v1/webhooks/subscriptions/{subscription.Id}", SubscriptionResponse.From(subscription));
    }

    private static async Task<IResult> ListAsync(HttpContext http, WebhooksDbContext db, CancellationToken cancellationToken)
    {
        var tenant = http.Caller().TenantId;
        var subscriptions = await db.Subscriptions.AsNoTracking().Where(s => s.TenantId == tenant)
            .OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(new SubscriptionList(subscriptions.Select(SubscriptionResponse.From).ToList()));
    }

    private static async Task<IResult> UnsubscribeAsync(Guid id, HttpContext http, WebhooksDbContext db, CancellationToken cancellationToken)
    {
        var tenant = http.Caller().TenantId;
        var removed = await db.Subscriptions.Where(s => s.Id == id && s.TenantId == tenant).ExecuteDeleteAsync(cancellationToken);
        return removed == 0 ? WebhooksApi.NotFound("subscription", id) : TypedResults.NoContent();
    }

    /// <summary>
    /// An absolute http(s) URL whose host does not resolve only to refused addresses. Deliveries check again against the
    /// address they connect to; this only turns an obvious mistake into a 400 now.
    /// </summary>
    private static async Task<string?> ValidateTargetAsync(string? url, AddressPolicy policy, CancellationToken cancellationToken)
    {
        if (url is null || url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return "The target URL must be an absolute http or https URL of at most 2048 characters.";
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return null;
        }
        return addresses.Length > 0 && !addresses.Any(policy.IsAllowed) ? new RefusedAddressException(uri.IdnHost, addresses).Message : null;
    }
}

public record SubscriptionRequest(string? TargetUrl, string? Event);

public record SubscriptionList(IReadOnlyList<SubscriptionResponse> Subscriptions);

public record SubscriptionResponse(Guid Id, string TargetUrl, string Event, DateTimeOffset CreatedAt)
{
    public static SubscriptionResponse From(Subscription s) => new(s.Id, s.TargetUrl, s.Event, s.CreatedAt);
}
