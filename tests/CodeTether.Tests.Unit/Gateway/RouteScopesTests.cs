using CodeTether.Gateway.Authentication;
using CodeTether.Gateway.Authorization;
using Microsoft.AspNetCore.Http;
using System.Security.Claims;

namespace CodeTether.Tests.Unit.Gateway;

public sealed class RouteScopesTests
{
    [Theory]
    [InlineData("GET", "/v1/automation/tasks", "tasks:read")]
    [InlineData("HEAD", "/v1/automation/tasks/abc", "tasks:read")]
    [InlineData("POST", "/v1/automation/tasks", "tasks:write")]
    [InlineData("GET", "/v1/tasks/abc", "tasks:read")]
    [InlineData("DELETE", "/v1/tasks/abc", "tasks:write")]
    [InlineData("PUT", "/v1/tasks/abc", "tasks:write")]
    [InlineData("POST", "/v1/messages", "messages:write")]
    [InlineData("GET", "/v1/messages/c1", "tasks:read")]
    [InlineData("GET", "/v1/codebases", "codebases:read")]
    [InlineData("POST", "/v1/codebases", "codebases:write")]
    [InlineData("POST", "/v1/agents/send", "messages:write")]
    [InlineData("GET", "/v1/agents/sender", "agents:read")]
    [InlineData("GET", "/v1/agents/a1", "agents:read")]
    [InlineData("GET", "/v1/models", "agents:read")]
    [InlineData("GET", "/v1/billing/usage", "billing:read")]
    [InlineData("PUT", "/v1/billing/limits", "billing:write")]
    [InlineData("GET", "/v1/cronjobs", "cronjobs:write")]
    [InlineData("POST", "/v1/cronjobs", "cronjobs:write")]
    [InlineData("DELETE", "/v1/cronjobs/j1", "cronjobs:write")]
    [InlineData("POST", "/v1/ralph/runs", "tasks:write")]
    [InlineData("GET", "/v1/ralph/runs/r1", "tasks:read")]
    [InlineData("POST", "/v1/prd/chat", "tasks:write")]
    [InlineData("GET", "/v1/webhooks/deliveries", "tasks:read")]
    [InlineData("POST", "/v1/webhooks/subscriptions", "tasks:write")]
    [InlineData("DELETE", "/v1/webhooks/subscriptions/s1", "tasks:write")]
    [InlineData("POST", "/v1/webhooks/deliveries/d1/redeliver", "tasks:write")]
    [InlineData("GET", "/v1/webhooks/secret", "tasks:read")]
    [InlineData("PUT", "/v1/webhooks/secret", "tasks:write")]
    [InlineData("get", "/V1/Automation/Tasks", "tasks:read")]
    public void Each_route_needs_its_scope(string method, string path, string scope) =>
        Assert.Equal(new ScopeRequirement(scope), RouteScopes.For(method, path));

    [Theory]
    [InlineData("GET", "/v1/automation/me")]
    [InlineData("POST", "/v1/keys")]
    [InlineData("DELETE", "/v1/keys/abc")]
    [InlineData("GET", "/v1/no-such-thing")]
    [InlineData("GET", "/v1/automation/tasksx")]
    [InlineData("GET", "/health/ready")]
    public void Gateway_endpoints_and_unknown_paths_need_no_scope(string method, string path) =>
        Assert.Equal(ScopeRequirement.None, RouteScopes.For(method, path));

    [Theory]
    [InlineData("POST", "/v1/agents")]
    [InlineData("DELETE", "/v1/agents/a1")]
    [InlineData("POST", "/v1/agents/sender")]
    [InlineData("PUT", "/v1/models/m1")]
    public void Writes_to_read_only_families_are_closed(string method, string path) =>
        Assert.True(RouteScopes.For(method, path).IsClosed);

    [Theory]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig", true)]
    [InlineData("bearer some-opaque-token", true)]
    [InlineData("Bearer ct_abc", false)]
    [InlineData("Bearer ", false)]
    [InlineData("Basic dXNlcjpwYXNz", false)]
    [InlineData("", false)]
    public void A_bearer_token_that_is_not_a_ct_key_goes_to_oauth(string authorization, bool oauth) =>
        Assert.Equal(oauth, AuthenticationExtensions.IsAccessToken(authorization));

    [Fact]
    public void Scopes_come_from_a_space_separated_claim_or_an_array_and_only_codetethers_count()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim("scope", "openid profile tasks:read"),
            new Claim("scope", "billing:read"),
            new Claim("scope", "tasks:read"),
        ]));

        Assert.Equal(["tasks:read", "billing:read"], OAuthAuthentication.ScopesOf(principal));
    }
}
