namespace CodeTether.Workers.Tools;

/// <summary>
/// The directory of a task's codebase, as the tools see it. Every path a model gives is resolved to a full path with
/// its symbolic links followed, and refused unless it stays inside the directory; tools then use only the resolved path,
/// so what was checked is what is opened.
/// </summary>
public sealed class CodebaseDirectory
{
    private const int MaxLinkHops = 40;
    private readonly string configuredRoot;

    public CodebaseDirectory(string path)
    {
        configuredRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        Root = RealPath(configuredRoot);
        if (!Directory.Exists(Root))
            throw new DirectoryNotFoundException($"The codebase directory {configuredRoot} does not exist.");
    }

    /// <summary>The codebase's full path with every symbolic link resolved.</summary>
    public string Root { get; }

    /// <summary>The real full path of <paramref name="path"/> (relative to the root, or absolute), if it is inside the codebase.</summary>
    public string Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new ToolException("A path is required; use '.' for the codebase's root.");
        var full = Path.GetFullPath(path, configuredRoot);
        if (!IsInside(full, configuredRoot))
            throw new ToolException($"The path '{path}' is outside the codebase; use paths relative to its root.");
        var real = RealPath(full);
        if (!IsInside(real, Root))
            throw new ToolException($"The path '{path}' leads outside the codebase through a symbolic link.");
        return real;
    }

    public string ResolveFile(string path)
    {
        var file = Resolve(path);
        if (Directory.Exists(file))
            throw new ToolException($"'{path}' is a directory, not a file.");
        return File.Exists(file) ? file : throw new ToolException($"There is no file '{path}' in the codebase.");
    }

    public string ResolveDirectory(string path)
    {
        var directory = Resolve(path);
        return Directory.Exists(directory) ? directory : throw new ToolException($"There is no directory '{path}' in the codebase.");
    }

    /// <summary>How a resolved path is shown to the model: relative to the root, with '/' separators.</summary>
    public string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>
    /// Every file below <paramref name="directory"/>, depth first in name order. Symbolic links are skipped (so a walk
    /// never leaves the codebase), and so are <c>.git</c> directories.
    /// </summary>
    public IEnumerable<FileInfo> FilesBelow(string directory, CancellationToken cancellationToken)
    {
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(directory)]);
        while (pending.TryPop(out var current))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entries = current.EnumerateFileSystemInfos()
                .Where(e => e.LinkTarget is null)
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .ToList();
            foreach (var file in entries.OfType<FileInfo>())
                yield return file;
            foreach (var subdirectory in entries.OfType<DirectoryInfo>().Where(d => d.Name != ".git").Reverse())
                pending.Push(subdirectory);
        }
    }

    private static bool IsInside(string path, string root) =>
        path == root || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The full path with each symbolic link along it replaced by what it points to (like realpath(3), but for paths that need not exist yet).</summary>
    private static string RealPath(string fullPath)
    {
        var hops = 0;
        return Follow(fullPath);

        string Follow(string path)
        {
            var current = Path.GetPathRoot(path)!;
            foreach (var part in path[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
            {
                var next = Path.Join(current, part);
                if (new FileInfo(next).LinkTarget is { } target)
                {
                    if (++hops > MaxLinkHops)
                        throw new ToolException($"Too many levels of symbolic links at '{next}'.");
                    next = Follow(Path.GetFullPath(target, current));
                }
                current = next;
            }
            return current;
        }
    }
}
