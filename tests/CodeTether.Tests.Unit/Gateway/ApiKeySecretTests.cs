using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CodeTether.Gateway.ApiKeys;

namespace CodeTether.Tests.Unit.Gateway;

public sealed class ApiKeySecretTests
{
    [Fact]
    public void A_key_is_ct_and_32_random_bytes_in_unpadded_base64url()
    {
        var key = ApiKeySecret.Generate();

        Assert.Matches(new Regex("^ct_[A-Za-z0-9_-]{43}$"), key.Value);
        Assert.Equal(32, Convert.FromBase64String(ToBase64(key.Value[3..])).Length);
    }

    [Fact]
    public void Keys_do_not_repeat()
    {
        var keys = Enumerable.Range(0, 1000).Select(_ => ApiKeySecret.Generate().Value).ToHashSet();

        Assert.Equal(1000, keys.Count);
    }

    [Fact]
    public void The_prefix_is_the_first_twelve_characters_and_the_hash_is_sha256_of_the_whole_key()
    {
        var key = ApiKeySecret.Generate();

        Assert.Equal(key.Value[..12], key.Prefix);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(key.Value)), key.Hash);
        Assert.Equal(key.Hash, ApiKeySecret.HashOf(key.Value));
    }

    [Fact]
    public void A_generated_key_parses_back()
    {
        var key = ApiKeySecret.Generate();

        Assert.True(ApiKeySecret.TryParse(key.Value, out var parsed));
        Assert.Equal(key.Hash, parsed.Hash);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ct_")]
    [InlineData("ct_tooShort")]
    [InlineData("sk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ct_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    [InlineData("ct_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("ct_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Anything_else_is_not_a_key(string? candidate)
    {
        Assert.False(ApiKeySecret.TryParse(candidate, out _));
    }

    [Fact]
    public void The_key_stays_out_of_logs()
    {
        var key = ApiKeySecret.Generate();

        Assert.DoesNotContain(key.Value, key.ToString());
        Assert.StartsWith(key.Prefix, key.ToString());
    }

    private static string ToBase64(string base64Url)
    {
        var base64 = base64Url.Replace('-', '+').Replace('_', '/');
        return base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
    }
}
