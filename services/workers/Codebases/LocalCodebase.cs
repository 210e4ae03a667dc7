using System.Security.Cryptography;
using System.Text;

namespace CodeTether.Workers.Codebases;

/// <summary>A directory on this worker's machine that agents may work in. Its id is the same wherever it is computed.</summary>
/// <param name="TestCommand">The quality checks of a Ralph run's stories (<c>Worker:Codebases:N:TestCommand</c>), run with bash in the directory.</param>
public sealed record LocalCodebase(string Id, string Name, string Path, string? TestCommand = null)
{
    /// <summary>A codebase of an agent: its id is derived from the agent's name and the directory's full path.</summary>
    public static LocalCodebase Of(string agentName, string name, string path, string? testCommand = null)
    {
        var fullPath = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path));
        return new LocalCodebase(IdOf(agentName, fullPath), name, fullPath, testCommand);
    }

    public static string IdOf(string agentName, string fullPath) =>
        "cb_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{agentName}\n{fullPath}")))[..20];
}
