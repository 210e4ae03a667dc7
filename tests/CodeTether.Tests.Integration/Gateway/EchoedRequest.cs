using CodeTether.ServiceDefaults;

namespace CodeTether.Tests.Integration.Gateway;

/// <summary>What a <see cref="FakeService"/> received, as it answers it.</summary>
public sealed record EchoedRequest(
    string Service,
    string Method,
    string Path,
    string Query,
    Dictionary<string, string> Headers,
    CallerIdentity Caller)
{
    /// <summary>A header as the service got it, whatever the case of its name on the way.</summary>
    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
