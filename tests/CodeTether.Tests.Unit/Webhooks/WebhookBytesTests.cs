using System.Diagnostics;
using System.Text;
using CodeTether.Testing;
using CodeTether.Webhooks.Deliveries;

namespace CodeTether.Tests.Unit.Webhooks;

/// <summary>The bytes we sign must be the bytes JavaScript's JSON.stringify makes of the parsed body, or the n8n snippet fails.</summary>
public class WebhookBytesTests
{
    public const string Awkward =
        "Ünïcödé — 日本語 🎉👍🏽 \"quoted\" \\back\\slash\\ /slash/ new\nline\r\nCRLF\ttab \b\f \u0000 \u001f \u007f \u2028 \u2029 " +
        "</script> & < > ' + = ` ${x} \\u0041 lone \ud800 and \udc00 end";

    [Theory]
    [InlineData("plain text")]
    [InlineData("")]
    [InlineData(Awkward)]
    public async Task Serialized_payload_is_what_JSON_stringify_makes_of_it(string text)
    {
        var bytes = JavaScriptJson.Serialize(new Dictionary<string, object?>
        {
            ["event"] = "task_completed",
            ["result"] = text,
            ["error"] = null,
            ["priority"] = 3,
            ["flag"] = true,
        });

        var restringified = await NodeAsync("process.stdout.write(JSON.stringify(JSON.parse(require('fs').readFileSync(0, 'utf8'))))", bytes);

        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(restringified));
        Assert.Equal(bytes, restringified);
    }

    [Fact]
    public async Task The_n8n_snippet_accepts_our_signature_and_rejects_another_secret()
    {
        var body = JavaScriptJson.Serialize(new Dictionary<string, object?> { ["event"] = "task_completed", ["result"] = Awkward });
        var secret = WebhookSignature.NewSecret();
        var headers = new Dictionary<string, string> { ["x-codetether-signature"] = WebhookSignature.CodeTether(secret, body) };
        var webhook = new ReceivedWebhook("/", headers, body, DateTime.UtcNow);

        Assert.Null(await N8nSignatureSnippet.VerifyAsync(webhook, secret));
        Assert.Contains("Invalid webhook signature", await N8nSignatureSnippet.VerifyAsync(webhook, WebhookSignature.NewSecret()));
    }

    [Fact]
    public void CodeTether_signature_is_hex_HMAC_SHA256_of_the_body_keyed_with_the_secret_text()
    {
        // echo -n '{"a":"é"}' | openssl dgst -sha256 -hmac 'your-webhook-secret'
        var body = Encoding.UTF8.GetBytes("{\"a\":\"é\"}");
        Assert.Equal("sha256=366d3dc3f54e09a0e8e5fa6a7a36ffd73e9bd545a7d70d2d7e0986d725eca98c", WebhookSignature.CodeTether("your-webhook-secret", body));
    }

    [Fact]
    public void Standard_webhooks_signature_matches_the_specification_example()
    {
        // The example of github.com/standard-webhooks/standard-webhooks (spec/standard-webhooks.md).
        var signature = WebhookSignature.StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330, Encoding.UTF8.GetBytes("{\"test\": 2432232314}"));
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    private static async Task<byte[]> NodeAsync(string script, byte[] input)
    {
        var start = new ProcessStartInfo("node", ["-e", script])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        await node.StandardInput.BaseStream.WriteAsync(input);
        node.StandardInput.Close();
        using var output = new MemoryStream();
        await node.StandardOutput.BaseStream.CopyToAsync(output);
        var error = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, error);
        return output.ToArray();
    }
}
