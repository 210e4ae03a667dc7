using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace CodeTether.Gateway.ApiKeys;

/// <summary>
/// A full API key: <c>ct_</c> and 32 random bytes in base64url. It is shown to its owner once; the gateway keeps only
/// <see cref="Hash"/> (to find the key again) and <see cref="Prefix"/> (to show in lists).
/// </summary>
public sealed record ApiKeySecret
{
    public const string Marker = "ct_";
    public const int PrefixLength = 12;
    private const int RandomBytes = 32;
    private static readonly int Length = Marker.Length + Base64Url.GetEncodedLength(RandomBytes);
    private static readonly SearchValues<char> Base64UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private ApiKeySecret(string value) => Value = value;

    public string Value { get; }

    public string Prefix => Value[..PrefixLength];

    public byte[] Hash => HashOf(Value);

    public static ApiKeySecret Generate() => new(Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes)));

    public static bool TryParse([NotNullWhen(true)] string? candidate, [NotNullWhen(true)] out ApiKeySecret? secret)
    {
        var wellFormed = candidate is not null
            && candidate.Length == Length
            && candidate.StartsWith(Marker, StringComparison.Ordinal)
            && !candidate.AsSpan(Marker.Length).ContainsAnyExcept(Base64UrlAlphabet);
        secret = wellFormed ? new ApiKeySecret(candidate!) : null;
        return wellFormed;
    }

    public static byte[] HashOf(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Keeps the key out of logs and exception messages.</summary>
    public override string ToString() => $"{Prefix}…";
}
