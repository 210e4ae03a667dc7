using CodeTether.Gateway.ApiKeys;
using CodeTether.Gateway.Tenants;

namespace CodeTether.Tests.Unit.Gateway;

public sealed class ApiKeyRulesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-02-10T12:00:00Z");

    [Fact]
    public void The_scopes_are_the_zapier_documents_plus_billing_write()
    {
        Assert.Equal(["tasks:read", "tasks:write", "messages:write", "codebases:read", "codebases:write", "agents:read", "billing:read", "billing:write", "cronjobs:write"], Scopes.All);
        Assert.Equal(["tasks:delete"], Scopes.Unknown(["tasks:read", "tasks:delete", "tasks:delete"]));
        Assert.False(Scopes.IsKnown("TASKS:READ"));
    }

    [Theory]
    [InlineData("free", Plan.Free)]
    [InlineData("Pro", Plan.Pro)]
    [InlineData("ENTERPRISE", Plan.Enterprise)]
    public void Plans_parse_by_name(string name, Plan plan)
    {
        Assert.True(Plans.TryParse(name, out var parsed));
        Assert.Equal(plan, parsed);
        Assert.Equal(name.ToLowerInvariant(), Plans.Name(parsed));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("Free, Pro")]
    [InlineData("gold")]
    [InlineData("")]
    [InlineData(null)]
    public void Only_plan_names_are_plans(string? name)
    {
        Assert.False(Plans.TryParse(name, out _));
    }

    [Fact]
    public void A_request_with_a_name_and_known_scopes_is_valid()
    {
        Assert.Empty(new CreateApiKeyRequest("ci", ["tasks:read"], Now.AddDays(1)).Validate(Now));
        Assert.Empty(new CreateApiKeyRequest("ci", null, null).Validate(Now));
    }

    [Fact]
    public void Each_mistake_is_reported_against_its_field()
    {
        var errors = new CreateApiKeyRequest(" ", ["tasks:read", "root"], Now).Validate(Now);

        Assert.Equal(["name", "scopes", "expires_at"], errors.Keys);
        Assert.Contains("root", errors["scopes"][0]);
        Assert.Contains("tasks:read", errors["scopes"][0]);
    }

    [Fact]
    public void Names_have_a_length_limit_and_scopes_cannot_be_empty()
    {
        var errors = new CreateApiKeyRequest(new string('k', CreateApiKeyRequest.MaxNameLength + 1), [], null).Validate(Now);

        Assert.Equal(["name", "scopes"], errors.Keys);
    }
}
