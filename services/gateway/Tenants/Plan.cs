namespace CodeTether.Gateway.Tenants;

/// <summary>What a tenant pays for; it sets the tenant's rate limit. Serialized in lower case: <c>free</c>, <c>pro</c>, <c>enterprise</c>.</summary>
public enum Plan
{
    Free,
    Pro,
    Enterprise,
}
