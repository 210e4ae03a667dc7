using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CodeTether.ServiceDefaults;
using CodeTether.Webhooks.Data;
using CodeTether.Webhooks.Safety;

namespace CodeTether.Webhooks.Deliveries;

/// <summary>One HTTP attempt of a delivery: the stored bytes, signed now, through the guarded client (no redirects, 15 s).</summary>
public class WebhookSender(IHttpClientFactory clients, TimeProvider clock, CodeTetherMetrics metrics)
{
    public const string ClientName = "webhooks";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private const int ResponseStartLength = 500;

    public async Task<AttemptOutcome> SendAsync(Delivery delivery, SigningSecret? secret, CancellationToken cancellationToken)
    {
        var (outcome, errorType) = await AttemptAsync(delivery, secret, cancellationToken);
        metrics.WebhookAttempt(delivery.Event, outcome.Latency, errorType);
        return outcome;
    }

    /// <returns>The outcome, and for a failure its kind for the metrics: the status code, <c>refused</c>, <c>timeout</c> or <c>connection</c>.</returns>
    private async Task<(AttemptOutcome Outcome, string? ErrorType)> AttemptAsync(Delivery delivery, SigningSecret? secret, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(delivery.Payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        Sign(request, delivery, secret, now);

        var stopwatch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var start = await ReadStartAsync(response, timeout.Token);
            var status = (int)response.StatusCode;
            var outcome = new AttemptOutcome(status, stopwatch.Elapsed, response.IsSuccessStatusCode ? null : $"HTTP {status} {response.ReasonPhrase}",
                start, RetryAfter(response, now));
            return (outcome, outcome.Succeeded ? null : status.ToString());
        }
        catch (HttpRequestException e) when (e.InnerException is RefusedAddressException refused)
        {
            return (new AttemptOutcome(null, stopwatch.Elapsed, refused.Message, null, null, Refused: true), "refused");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (new AttemptOutcome(null, stopwatch.Elapsed, $"No answer within {Timeout.TotalSeconds:0} s.", null, null), "timeout");
        }
        catch (HttpRequestException e)
        {
            return (new AttemptOutcome(null, stopwatch.Elapsed, e.InnerException?.Message ?? e.Message, null, null), "connection");
        }
    }

    /// <summary>Unsigned while the tenant has no secret; during a rotation's grace period, signed with both secrets.</summary>
    public static void Sign(HttpRequestMessage request, Delivery delivery, SigningSecret? secret, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds();
        request.Headers.UserAgent.ParseAdd("CodeTether-Webhooks/1.0");
        request.Headers.Add("webhook-id", delivery.WebhookId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString());
        request.Headers.Add("X-CodeTether-Timestamp", timestamp.ToString());
        request.Headers.Add("X-CodeTether-Event", delivery.Event);
        if (secret is null)
            return;

        request.Headers.Add("X-CodeTether-Signature", WebhookSignature.CodeTether(secret.Secret, delivery.Payload));
        var signatures = WebhookSignature.StandardWebhooks(secret.Secret, delivery.WebhookId, timestamp, delivery.Payload);
        if (secret.PreviousAt(now) is { } previous)
        {
            request.Headers.Add("X-CodeTether-Signature-Previous", WebhookSignature.CodeTether(previous, delivery.Payload));
            signatures += " " + WebhookSignature.StandardWebhooks(previous, delivery.WebhookId, timestamp, delivery.Payload);
        }
        request.Headers.Add("webhook-signature", signatures);
    }

    private static async Task<string?> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[ResponseStartLength * 4];
        var read = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        return text.Length == 0 ? null : text.Length > ResponseStartLength ? text[..ResponseStartLength] : text;
    }

    /// <summary>Only 429 and 503 ask us to wait; seconds or an HTTP date.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
            return null;
        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => null,
        };
    }
}
