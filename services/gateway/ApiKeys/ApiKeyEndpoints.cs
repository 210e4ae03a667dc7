using System.Security.Claims;
using CodeTether.Gateway.Authentication;
using CodeTether.Gateway.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Gateway.ApiKeys;

/// <summary><c>/v1/keys</c>: a tenant manages its own API keys with any of its keys.</summary>
public static class ApiKeyEndpoints
{
    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/v1/keys");
        keys.MapPost("", CreateAsync);
        keys.MapGet("", ListAsync);
        keys.MapDelete("/{id:guid}", RevokeAsync);
        return app;
    }

    private static async Task<Results<Created<CreatedApiKey>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateApiKeyRequest request, ClaimsPrincipal user, ApiKeyIssuer issuer, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Validate(clock.GetUtcNow()) is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(errors, detail: "The API key was not created.");

        var caller = GatewayCaller.From(user);
        var scopes = request.Scopes ?? [.. caller.Scopes];
        if (scopes.Except(caller.Scopes).ToArray() is [_, ..] beyond)
            return TypedResults.Problem(
                title: "Scope not granted",
                detail: $"A key cannot create a key with scopes it does not have itself: {string.Join(", ", beyond)}.",
                statusCode: StatusCodes.Status403Forbidden);

        var (key, secret) = await issuer.IssueAsync(caller.TenantId, request.Name!.Trim(), scopes, request.ExpiresAt, cancellationToken);
        return TypedResults.Created($"/v1/keys/{key.Id}",
            new CreatedApiKey(key.Id, secret.Value, key.Prefix, key.Name, key.Scopes, key.CreatedAt, key.ExpiresAt));
    }

    /// <summary>The tenant's keys that have not been revoked, newest first; expired ones stay listed so they can be told apart and revoked.</summary>
    private static async Task<Ok<ApiKeyList>> ListAsync(ClaimsPrincipal user, GatewayDbContext db, CancellationToken cancellationToken)
    {
        var tenantId = GatewayCaller.From(user).TenantId;
        var keys = await db.ApiKeys.AsNoTracking()
            .Where(k => k.TenantId == tenantId && k.RevokedAt == null)
            .OrderByDescending(k => k.CreatedAt)
            .Select(k => new ApiKeySummary(k.Id, k.Prefix, k.Name, k.Scopes, k.CreatedAt, k.LastUsedAt, k.ExpiresAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ApiKeyList(keys));
    }

    /// <summary>Revoking twice is not an error; another tenant's key is as unknown as one that never existed.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, ClaimsPrincipal user, GatewayDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var tenantId = GatewayCaller.From(user).TenantId;
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id && k.TenantId == tenantId, cancellationToken);
        if (key is null)
            return TypedResults.Problem(title: "API key not found", detail: $"This tenant has no API key {id}.", statusCode: StatusCodes.Status404NotFound);

        key.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
