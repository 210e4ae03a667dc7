using CodeTether.ServiceDefaults;
using CodeTether.Webhooks.Data;
using CodeTether.Webhooks.Deliveries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodeTether.Webhooks.Api;

/// <summary>
/// The tenant's signing secret. <c>PUT</c> sets it (the given one, or a new random one) and answers it once; replacing
/// one keeps the old one signing too for the grace period. <c>GET</c> says whether one is set, never what it is.
/// </summary>
public static class SigningSecretApi
{
    private const int MinLength = 16;
    private const int MaxLength = 200;

    public static void MapSigningSecret(this RouteGroupBuilder group)
    {
        group.MapGet("/secret", GetAsync).Produces<SigningSecretStatus>();
        group.MapPut("/secret", PutAsync).Produces<SigningSecretResponse>().ProducesValidationProblem();
        group.MapDelete("/secret", DeleteAsync).Produces(StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> GetAsync(HttpContext http, WebhooksDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var tenant = http.Caller().TenantId;
        var secret = await db.Secrets.AsNoTracking().SingleOrDefaultAsync(s => s.TenantId == tenant, cancellationToken);
        return TypedResults.Ok(SigningSecretStatus.From(secret, clock.GetUtcNow()));
    }

    private static async Task<IResult> PutAsync(SigningSecretRequest? request, HttpContext http, WebhooksDbContext db,
        IOptions<SigningSecretOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var chosen = request?.Secret;
        if (chosen is not null && (chosen.Length is < MinLength or > MaxLength || chosen.Trim() != chosen || chosen.Any(char.IsControl)))
            return WebhooksApi.Invalid("secret",
                $"The secret must be {MinLength} to {MaxLength} characters, without control characters or surrounding spaces; leave it out to get a random one.");

        var tenant = http.Caller().TenantId;
        var now = clock.GetUtcNow();
        var value = chosen ?? WebhookSignature.NewSecret();
        var secret = await db.Secrets.SingleOrDefaultAsync(s => s.TenantId == tenant, cancellationToken);
        if (secret is null)
            db.Secrets.Add(secret = new SigningSecret { TenantId = tenant, Secret = value, CreatedAt = now });
        else
        {
            secret.PreviousSecret = secret.Secret;
            secret.PreviousExpiresAt = now + options.Value.RotationGracePeriod;
            secret.Secret = value;
            secret.CreatedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new SigningSecretResponse(value, now, secret.PreviousAt(now) is null ? null : secret.PreviousExpiresAt));
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, WebhooksDbContext db, CancellationToken cancellationToken)
    {
        var tenant = http.Caller().TenantId;
        await db.Secrets.Where(s => s.TenantId == tenant).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}

public record SigningSecretRequest(string? Secret);

public record SigningSecretResponse(string Secret, DateTimeOffset CreatedAt, DateTimeOffset? PreviousSecretExpiresAt);

public record SigningSecretStatus(bool Configured, DateTimeOffset? CreatedAt, DateTimeOffset? PreviousSecretExpiresAt)
{
    public static SigningSecretStatus From(SigningSecret? secret, DateTimeOffset now) =>
        new(secret is not null, secret?.CreatedAt, secret?.PreviousAt(now) is null ? null : secret.PreviousExpiresAt);
}
