using System.Security.Cryptography;
using System.Text;

namespace CodeTether.Webhooks.Deliveries;

/// <summary>
/// The two signatures a delivery carries: the n8n document's <c>X-CodeTether-Signature: sha256=&lt;hex&gt;</c>, an
/// HMAC-SHA256 over the body with the secret's UTF-8 bytes as key, and Standard Webhooks' <c>webhook-signature:
/// v1,&lt;base64&gt;</c> over <c>id.timestamp.body</c>, keyed with the base64 part of a <c>whsec_</c> secret.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string CodeTether(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static string StandardWebhooks(string secret, string webhookId, long timestamp, byte[] body)
    {
        var signed = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.").Concat(body).ToArray();
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(StandardWebhooksKey(secret), signed));
    }

    /// <summary>A secret we generated is <c>whsec_</c> + base64; a secret the tenant chose is used as its UTF-8 bytes.</summary>
    public static byte[] StandardWebhooksKey(string secret)
    {
        if (secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            var encoded = secret[SecretPrefix.Length..];
            var key = new byte[encoded.Length];
            if (Convert.TryFromBase64String(encoded, key, out var written))
                return key[..written];
        }
        return Encoding.UTF8.GetBytes(secret);
    }
}
