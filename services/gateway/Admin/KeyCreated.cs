namespace CodeTether.Gateway.Admin;

public sealed record KeyCreated(Guid KeyId, string ApiKey, string Prefix);
