namespace CodeTether.Gateway.ApiKeys;

public sealed record CreateApiKeyRequest(string? Name, string[]? Scopes, DateTimeOffset? ExpiresAt)
{
    public const int MaxNameLength = 100;

    public Dictionary<string, string[]> Validate(DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Name))
            errors["name"] = ["A name is required, to tell the key apart from the others."];
        else if (Name.Length > MaxNameLength)
            errors["name"] = [$"The name must be at most {MaxNameLength} characters."];
        if (Scopes is not null && ApiKeys.Scopes.Unknown(Scopes) is [_, ..] unknown)
            errors["scopes"] = [$"Unknown scope(s): {string.Join(", ", unknown)}. Scopes are: {string.Join(", ", ApiKeys.Scopes.All)}."];
        else if (Scopes is [])
            errors["scopes"] = ["Give at least one scope, or leave scopes out to get the scopes of the key that creates it."];
        if (ExpiresAt <= now)
            errors["expires_at"] = ["The expiry must be in the future."];
        return errors;
    }
}
