namespace CodeTether.Gateway.Admin;

/// <summary>One operator command, parsed from what follows <c>admin</c> on the command line (see <see cref="Usage"/>).</summary>
public abstract record AdminCommand
{
    public const string Usage = """
        usage: CodeTether.Gateway admin tenant create --name NAME [--plan free|pro|enterprise]
               CodeTether.Gateway admin tenant plan --tenant TENANT_ID --plan PLAN
               CodeTether.Gateway admin key create --tenant TENANT_ID --name NAME [--scopes "a b"]
        """;

    /// <returns>What to print, as one JSON line.</returns>
    public abstract Task<object> ExecuteAsync(IServiceProvider services, CancellationToken cancellationToken);

    public static AdminCommand Parse(string[] args) => args switch
    {
        ["tenant", "create", .. var rest] => CreateTenantCommand.From(AdminOptions.Parse(rest, "name", "plan")),
        ["tenant", "plan", .. var rest] => ChangePlanCommand.From(AdminOptions.Parse(rest, "tenant", "plan")),
        ["key", "create", .. var rest] => CreateKeyCommand.From(AdminOptions.Parse(rest, "tenant", "name", "scopes")),
        _ => throw new AdminUsageException($"Unknown command 'admin {string.Join(' ', args)}'."),
    };
}
