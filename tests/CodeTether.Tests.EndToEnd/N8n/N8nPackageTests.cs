namespace CodeTether.Tests.EndToEnd.N8n;

/// <summary>The n8n package builds, passes n8n's node linter and its own tests (which check each template's structure).</summary>
public class N8nPackageTests
{
    [Fact]
    public async Task The_package_builds_and_packs_with_its_nodes_credential_and_icon()
    {
        var tarball = await N8nPackage.TarballAsync();
        var listing = await CommandLine.RunCheckedAsync("tar", ["-tzf", tarball], Path.GetDirectoryName(tarball)!, TimeSpan.FromMinutes(1));
        foreach (var file in new[]
                 {
                     "package/package.json", "package/dist/credentials/CodeTetherApi.credentials.js", "package/dist/icons/codetether.svg",
                     "package/dist/nodes/CodeTether/CodeTether.node.js", "package/dist/nodes/CodeTetherTrigger/CodeTetherTrigger.node.js",
                 })
            Assert.Contains(file, listing.Output.Split('\n'));
    }

    [Fact]
    public async Task The_package_passes_the_n8n_node_linter()
    {
        await N8nPackage.TarballAsync();
        var lint = await N8nPackage.NpmAsync("run", "lint");
        Assert.True(lint.ExitCode == 0, lint.ToString());
    }

    [Fact]
    public async Task The_package_tests_pass_including_the_templates_structure_against_the_node_definitions()
    {
        await N8nPackage.TarballAsync();
        var test = await N8nPackage.NpmAsync("test");
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Matches(@"# pass \d+", test.Output);
        Assert.Contains("# fail 0", test.Output);
        foreach (var template in new[] { "create-and-poll", "webhook-callback", "gmail-analysis-to-slack" })
            Assert.Matches($@"ok \d+ - {template}\.json matches the nodes' parameter definitions", test.Output);
    }
}
