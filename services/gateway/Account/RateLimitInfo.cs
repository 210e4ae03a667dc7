namespace CodeTether.Gateway.Account;

/// <param name="RequestsPerMinute">Per API key; null when the plan is unlimited.</param>
public sealed record RateLimitInfo(int? RequestsPerMinute);
