using CodeTether.Gateway.Admin;
using CodeTether.Gateway.ApiKeys;
using CodeTether.Gateway.Tenants;

namespace CodeTether.Tests.Unit.Gateway;

public sealed class AdminCommandParsingTests
{
    private static readonly Guid Tenant = Guid.Parse("0198c3a0-0000-7000-8000-000000000001");

    [Fact]
    public void Tenant_create_defaults_to_the_free_plan()
    {
        Assert.Equal(new CreateTenantCommand("Acme", Plan.Free), AdminCommand.Parse(["tenant", "create", "--name", "Acme"]));
        Assert.Equal(new CreateTenantCommand("Acme", Plan.Pro), AdminCommand.Parse(["tenant", "create", "--plan", "pro", "--name", "Acme"]));
    }

    [Fact]
    public void Tenant_plan_needs_a_tenant_and_a_plan()
    {
        Assert.Equal(new ChangePlanCommand(Tenant, Plan.Enterprise), AdminCommand.Parse(["tenant", "plan", "--tenant", Tenant.ToString(), "--plan", "enterprise"]));
        Assert.Throws<AdminUsageException>(() => AdminCommand.Parse(["tenant", "plan", "--tenant", Tenant.ToString()]));
    }

    [Fact]
    public void Key_create_takes_space_separated_scopes_or_gives_all()
    {
        var some = Assert.IsType<CreateKeyCommand>(AdminCommand.Parse(["key", "create", "--tenant", Tenant.ToString(), "--name", "k", "--scopes", "tasks:read  agents:read"]));
        var all = Assert.IsType<CreateKeyCommand>(AdminCommand.Parse(["key", "create", "--tenant", Tenant.ToString(), "--name", "k"]));

        Assert.Equal(["tasks:read", "agents:read"], some.Scopes);
        Assert.Equal(Scopes.All, all.Scopes);
        Assert.Equal(Tenant, all.TenantId);
    }

    [Theory]
    [InlineData("Unknown command", "tenants", "create")]
    [InlineData("Unknown command")]
    [InlineData("--name is required", "tenant", "create")]
    [InlineData("--name is required", "tenant", "create", "--name", " ")]
    [InlineData("--name needs a value", "tenant", "create", "--name")]
    [InlineData("Unexpected argument '--colour'", "tenant", "create", "--name", "x", "--colour", "red")]
    [InlineData("Unexpected argument 'extra'", "tenant", "create", "extra")]
    [InlineData("Unknown plan 'gold'", "tenant", "create", "--name", "x", "--plan", "gold")]
    [InlineData("must be an id", "key", "create", "--tenant", "acme", "--name", "k")]
    [InlineData("Unknown scope(s): root", "key", "create", "--tenant", "0198c3a0-0000-7000-8000-000000000001", "--name", "k", "--scopes", "root")]
    [InlineData("needs at least one scope", "key", "create", "--tenant", "0198c3a0-0000-7000-8000-000000000001", "--name", "k", "--scopes", " ")]
    public void Mistakes_say_what_is_wrong(string message, params string[] args)
    {
        var error = Assert.Throws<AdminUsageException>(() => AdminCommand.Parse(args));

        Assert.Contains(message, error.Message);
    }
}
