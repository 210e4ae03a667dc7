namespace CodeTether.Gateway.Forwarding;

/// <summary><c>Gateway:…</c>: limits on what the gateway accepts.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>The largest request body the gateway takes (1 MiB by default); larger ones are refused with 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
