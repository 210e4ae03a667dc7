using CodeTether.ServiceDefaults;
using CodeTether.ServiceDefaults.Persistence;
using CodeTether.Webhooks.Data;
using CodeTether.Webhooks.Deliveries;
using MassTransit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Webhooks.Api;

public static class DeliveriesApi
{
    public static void MapDeliveries(this RouteGroupBuilder group)
    {
        group.MapGet("/deliveries", ListAsync).Produces<DeliveryList>().ProducesValidationProblem();
        group.MapGet("/deliveries/{id:guid}", GetAsync).Produces<DeliveryResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/deliveries/{id:guid}/redeliver", RedeliverAsync).Produces<DeliveryResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> ListAsync([FromQuery(Name = "task_id")] string? taskId, string? status, int? limit, HttpContext http, WebhooksDbContext db,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        Guid? task = null;
        if (taskId is not null)
        {
            if (Guid.TryParse(taskId, out var parsed))
                task = parsed;
            else
                errors["task_id"] = [$"'{taskId}' is not a task id."];
        }
        if (status is not null && !DeliveryStatuses.All.Contains(status))
            errors["status"] = [$"The status must be one of {string.Join(", ", DeliveryStatuses.All)}."];
        var take = limit ?? 50;
        if (take is < 1 or > 100)
            errors["limit"] = ["The limit must be between 1 and 100."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var tenant = http.Caller().TenantId;
        var query = db.Deliveries.AsNoTracking().Where(d => d.TenantId == tenant);
        if (task is { } id)
            query = query.Where(d => d.TaskId == id);
        if (status is not null)
            query = query.Where(d => d.Status == status);
        var (deliveries, total) = await db.CountAndPageAsync(query,
            all => all.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(take).Select(DeliveryResponse.WithoutPayload),
            cancellationToken);
        return TypedResults.Ok(new DeliveryList(deliveries, total));
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, WebhooksDbContext db, CancellationToken cancellationToken)
    {
        var tenant = http.Caller().TenantId;
        var delivery = await db.Deliveries.AsNoTracking().Include(d => d.Attempts)
            .SingleOrDefaultAsync(d => d.Id == id && d.TenantId == tenant, cancellationToken);
        return delivery is null ? WebhooksApi.NotFound("delivery", id) : TypedResults.Ok(DeliveryResponse.From(delivery, withPayload: true));
    }

    /// <summary>One more attempt, now, with the same bytes and webhook id; no retries after it.</summary>
    private static async Task<IResult> RedeliverAsync(Guid id, HttpContext http, WebhooksDbContext db, ISendEndpointProvider send,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var tenant = http.Caller().TenantId;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var delivery = await db.Deliveries.FromSql($"SELECT * FROM deliveries WHERE id = {id} FOR UPDATE")
            .Where(d => d.TenantId == tenant).Include(d => d.Attempts).SingleOrDefaultAsync(cancellationToken);
        if (delivery is null)
            return WebhooksApi.NotFound("delivery", id);
        if (delivery.Status is DeliveryStatuses.Pending or DeliveryStatuses.Retrying)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Delivery in progress",
                detail: $"Delivery {id} is {delivery.Status}: it will be attempted again without being asked.");

        delivery.Status = DeliveryStatuses.Pending;
        delivery.NextAttemptAt = clock.GetUtcNow();
        var endpoint = await send.GetSendEndpoint(DeliveryEndpoint.Address);
        await endpoint.Send(new DeliverWebhook(delivery.Id, delivery.AttemptCount + 1, Final: true), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Accepted($"/v1/webhooks/deliveries/{id}", DeliveryResponse.From(delivery));
    }
}
