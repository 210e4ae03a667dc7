using CodeTether.Workers.Agents;
using CodeTether.Workers.Codebases;
using Microsoft.Extensions.Configuration;

namespace CodeTether.Tests.Unit.Workers;

public class LocalCodebasesTests
{
    [Fact]
    public void A_codebase_keeps_its_test_command_when_announced_again_without_one_and_takes_a_new_one()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Worker:AgentName"] = "agent",
            ["Worker:Codebases:0:Name"] = "repo",
            ["Worker:Codebases:0:Path"] = "/srv/repo",
            ["Worker:Codebases:0:TestCommand"] = "npm test",
        }).Build();
        var codebases = new LocalCodebases(configuration, WorkerIdentity.From(configuration));
        var configured = Assert.Single(codebases.All);
        Assert.Equal("npm test", configured.TestCommand);

        codebases.Add(new LocalCodebase(configured.Id, "renamed", configured.Path));
        Assert.Equal(("renamed", "npm test"), (codebases.Find(configured.Id)!.Name, codebases.Find(configured.Id)!.TestCommand));

        codebases.Add(configured with { TestCommand = "make check" });
        Assert.Equal("make check", codebases.Find(configured.Id)!.TestCommand);
    }
}
