using System.Diagnostics;
using System.Text.Json;

namespace CodeTether.Testing;

/// <summary>
/// Runs the n8n document's verification snippet, as written, with Node.js on a received webhook: <c>$json</c> is what
/// n8n's Webhook node gives the Code node (the parsed body and lower-case headers).
/// </summary>
public static class N8nSignatureSnippet
{
    private const string Snippet = """
        const crypto = require('crypto');
        const secret = 'your-webhook-secret';
        const payload = JSON.stringify($json.body);
        const expected = 'sha256=' + crypto.createHmac('sha256', secret).update(payload).digest('hex');
        const actual = $json.headers['x-codetether-signature'];

        if (actual !== expected) {
          throw new Error('Invalid webhook signature');
        }

        return $json;
        """;

    /// <summary>Null when the snippet accepts the webhook, else what Node.js said.</summary>
    public static async Task<string?> VerifyAsync(ReceivedWebhook webhook, string secret)
    {
        var folder = Directory.CreateTempSubdirectory("codetether-n8n-").FullName;
        try
        {
            var bodyPath = Path.Combine(folder, "body.json");
            await File.WriteAllBytesAsync(bodyPath, webhook.Body);
            var script = $$"""
                const fs = require('fs');
                const $json = { body: JSON.parse(fs.readFileSync({{JsonSerializer.Serialize(bodyPath)}}, 'utf8')), headers: {{JsonSerializer.Serialize(webhook.Headers)}} };
                (function () {
                {{Snippet.Replace("'your-webhook-secret'", JsonSerializer.Serialize(secret))}}
                })();
                console.log('valid');
                """;
            var scriptPath = Path.Combine(folder, "verify.js");
            await File.WriteAllTextAsync(scriptPath, script);
            var start = new ProcessStartInfo("node", [scriptPath]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var node = Process.Start(start)!;
            var output = await node.StandardOutput.ReadToEndAsync();
            var error = await node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            return node.ExitCode == 0 && output.Trim() == "valid" ? null : $"node exited {node.ExitCode}: {output}{error}";
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
