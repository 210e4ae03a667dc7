using CodeTether.ServiceDefaults;

namespace CodeTether.Tests.Integration.Gateway;

/// <summary>What a <see cref="FakeService"/> received, as it answers it.</summary>
public sealed record EchoedRequest(
    string Service,
    string Method,
    string Path,
    string Query,
    Dictionary<string, string> Headers,
    CallerIdentity Caller);
