using CodeTether.Workers.Tools;

namespace CodeTether.Tests.Unit.Workers.Tools;

/// <summary>A codebase directory with a sibling directory outside it, both deleted afterwards.</summary>
public sealed class TempCodebase : IDisposable
{
    private readonly DirectoryInfo parent = System.IO.Directory.CreateTempSubdirectory("codetether-tools-");

    public TempCodebase()
    {
        Root = System.IO.Directory.CreateDirectory(Path.Combine(parent.FullName, "codebase")).FullName;
        Outside = System.IO.Directory.CreateDirectory(Path.Combine(parent.FullName, "outside")).FullName;
        File.WriteAllText(Path.Combine(Outside, "secret.txt"), "outside secret");
        Directory = new CodebaseDirectory(Root);
    }

    public string Root { get; }
    public string Outside { get; }
    public CodebaseDirectory Directory { get; }

    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => parent.Delete(recursive: true);
}
