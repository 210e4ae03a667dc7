using System.ComponentModel;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace CodeTether.Workers.Tools;

/// <summary>The file tools over a codebase: listing, reading and searching (read-only), writing and editing.</summary>
public sealed class FileTools(CodebaseDirectory codebase, ToolOptions limits)
{
    private const int MaxSearchedFileBytes = 1024 * 1024;
    private const int MaxSearchLineCharacters = 200;
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    public IEnumerable<AITool> ReadOnly() =>
    [
        AIFunctionFactory.Create(ListFiles, "list_files",
            $"List files of the codebase. Without a pattern: the directory's own entries (directories end with '/'). With a glob pattern such as '**/*.cs' or 'src/*.json': the matching files below the directory, recursively (symbolic links and .git are skipped). At most {limits.MaxListedFiles} paths, relative to the codebase's root."),
        AIFunctionFactory.Create(ReadFile, "read_file",
            $"Read a text file of the codebase, whole or a range of lines (numbered from 1). At most {limits.MaxReadCharacters} characters at a time; a longer file says where to read on."),
        AIFunctionFactory.Create(SearchFiles, "search_files",
            $"Search the codebase's text files for a string or a regular expression, line by line. Answers 'path:line: text' for each match, at most {limits.MaxSearchMatches} matches."),
    ];

    public IEnumerable<AITool> Editing() =>
    [
        AIFunctionFactory.Create(WriteFile, "write_file",
            "Create a file of the codebase, or replace its whole content. Missing directories are created."),
        AIFunctionFactory.Create(EditFile, "edit_file",
            "Replace one exact occurrence of a text in a file of the codebase. The text must occur exactly once, whitespace included; read the file first and copy it."),
    ];

    public string ListFiles(
        [Description("A directory, relative to the codebase's root.")] string directory = ".",
        [Description("A glob pattern relative to the directory, e.g. '**/*.md'; omit it to list the directory's own entries.")] string? pattern = null,
        CancellationToken cancellationToken = default)
    {
        var root = codebase.ResolveDirectory(directory);
        List<string> paths;
        if (string.IsNullOrEmpty(pattern))
            paths = new DirectoryInfo(root).EnumerateFileSystemInfos()
                .Select(e => codebase.Relative(e.FullName) + (e is DirectoryInfo ? "/" : ""))
                .ToList();
        else
        {
            var glob = new Glob(pattern);
            paths = codebase.FilesBelow(root, cancellationToken)
                .Where(f => glob.Matches(Path.GetRelativePath(root, f.FullName).Replace(Path.DirectorySeparatorChar, '/')))
                .Select(f => codebase.Relative(f.FullName))
                .ToList();
        }

        if (paths.Count == 0)
            return string.IsNullOrEmpty(pattern) ? $"'{directory}' is empty." : $"No file below '{directory}' matches '{pattern}'.";
        paths.Sort(StringComparer.Ordinal);
        var listing = string.Join('\n', paths.Take(limits.MaxListedFiles));
        return paths.Count <= limits.MaxListedFiles
            ? listing
            : $"{listing}\n[{paths.Count - limits.MaxListedFiles} more not shown; narrow the directory or the pattern.]";
    }

    public async Task<string> ReadFile(
        [Description("The file, relative to the codebase's root.")] string path,
        [Description("The first line to read, from 1.")] int startLine = 1,
        [Description("The last line to read; omit it to read to the end.")] int? endLine = null,
        CancellationToken cancellationToken = default)
    {
        var file = codebase.ResolveFile(path);
        if (startLine < 1 || endLine < startLine)
            throw new ToolException("Lines are numbered from 1, and endLine cannot come before startLine.");
        await EnsureTextAsync(file, path, cancellationToken);

        var text = new StringBuilder();
        var lineNumber = 0;
        using var reader = new StreamReader(file);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (++lineNumber < startLine)
                continue;
            if (lineNumber > endLine)
                break;
            var separator = lineNumber > startLine ? 1 : 0;
            if (text.Length + separator + line.Length > limits.MaxReadCharacters)
            {
                if (lineNumber == startLine)
                    return $"{line[..limits.MaxReadCharacters]}\n[Line {lineNumber} is cut at {limits.MaxReadCharacters} characters.]";
                return $"{text}\n[Lines {startLine}–{lineNumber - 1} of '{path}' shown: the limit is {limits.MaxReadCharacters} characters. Read on with startLine={lineNumber}.]";
            }
            if (separator == 1)
                text.Append('\n');
            text.Append(line);
        }

        if (lineNumber < startLine && lineNumber > 0)
            throw new ToolException($"'{path}' has only {lineNumber} lines.");
        return lineNumber == 0 ? $"'{path}' is empty." : text.ToString();
    }

    public async Task<string> SearchFiles(
        [Description("The text to look for, or a .NET regular expression when regex is true.")] string query,
        [Description("Whether query is a regular expression.")] bool regex = false,
        [Description("Whether upper and lower case match each other.")] bool ignoreCase = false,
        [Description("The directory to search, relative to the codebase's root.")] string directory = ".",
        [Description("Only files whose path relative to the directory matches this glob, e.g. '**/*.cs'.")] string? glob = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(query))
            throw new ToolException("The query is empty.");
        var root = codebase.ResolveDirectory(directory);
        var matches = Matcher(query, regex, ignoreCase);
        var filter = string.IsNullOrEmpty(glob) ? null : new Glob(glob);

        var found = new List<string>();
        foreach (var file in codebase.FilesBelow(root, cancellationToken))
        {
            if (filter?.Matches(Path.GetRelativePath(root, file.FullName).Replace(Path.DirectorySeparatorChar, '/')) == false
                || file.Length > MaxSearchedFileBytes || !await IsTextAsync(file.FullName, cancellationToken))
                continue;
            var lineNumber = 0;
            using var reader = new StreamReader(file.FullName);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                lineNumber++;
                if (!matches(line))
                    continue;
                if (found.Count == limits.MaxSearchMatches)
                    return $"{string.Join('\n', found)}\n[The search stopped at {limits.MaxSearchMatches} matches; narrow the query, the directory or the glob.]";
                var text = line.Trim();
                found.Add($"{codebase.Relative(file.FullName)}:{lineNumber}: {(text.Length > MaxSearchLineCharacters ? text[..MaxSearchLineCharacters] + "…" : text)}");
            }
        }
        return found.Count == 0 ? $"No line below '{directory}' matches '{query}'." : string.Join('\n', found);
    }

    public async Task<string> WriteFile(
        [Description("The file, relative to the codebase's root.")] string path,
        [Description("The file's whole new content.")] string content,
        CancellationToken cancellationToken = default)
    {
        var file = codebase.Resolve(path);
        if (Directory.Exists(file))
            throw new ToolException($"'{path}' is a directory, not a file.");
        var existed = File.Exists(file);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, content, cancellationToken);
        return $"{(existed ? "Replaced" : "Created")} '{codebase.Relative(file)}' ({content.Length} characters).";
    }

    public async Task<string> EditFile(
        [Description("The file, relative to the codebase's root.")] string path,
        [Description("The exact text to replace; it must occur exactly once in the file.")] string oldText,
        [Description("The text to put in its place.")] string newText,
        CancellationToken cancellationToken = default)
    {
        var file = codebase.ResolveFile(path);
        if (string.IsNullOrEmpty(oldText))
            throw new ToolException("oldText is empty; to write a whole file use write_file.");
        var content = await File.ReadAllTextAsync(file, cancellationToken);
        var first = content.IndexOf(oldText, StringComparison.Ordinal);
        if (first < 0)
            throw new ToolException($"oldText was not found in '{path}'. Read the file and copy the exact text, whitespace included.");
        var occurrences = Occurrences(content, oldText);
        if (occurrences > 1)
            throw new ToolException($"oldText occurs {occurrences} times in '{path}'; include more of the surrounding text so it occurs exactly once.");
        await File.WriteAllTextAsync(file, string.Concat(content.AsSpan(0, first), newText, content.AsSpan(first + oldText.Length)), cancellationToken);
        return $"Edited '{codebase.Relative(file)}': replaced 1 occurrence.";
    }

    private static int Occurrences(string content, string text)
    {
        var count = 0;
        for (var at = content.IndexOf(text, StringComparison.Ordinal); at >= 0; at = content.IndexOf(text, at + 1, StringComparison.Ordinal))
            count++;
        return count;
    }

    private static Func<string, bool> Matcher(string query, bool regex, bool ignoreCase)
    {
        if (!regex)
        {
            var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            return line => line.Contains(query, comparison);
        }
        Regex expression;
        try
        {
            expression = new Regex(query, ignoreCase ? RegexOptions.IgnoreCase | RegexOptions.CultureInvariant : RegexOptions.None, RegexTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ToolException($"The regular expression is invalid: {e.Message}");
        }
        return line =>
        {
            try
            {
                return expression.IsMatch(line);
            }
            catch (RegexMatchTimeoutException)
            {
                throw new ToolException($"The regular expression took longer than {RegexTimeout.TotalSeconds:0} s on one line; simplify it.");
            }
        };
    }

    private static async Task EnsureTextAsync(string file, string path, CancellationToken cancellationToken)
    {
        if (!await IsTextAsync(file, cancellationToken))
            throw new ToolException($"'{path}' is a binary file.");
    }

    /// <summary>A file is taken as text unless its first 8 KB hold a NUL byte, as git decides.</summary>
    private static async Task<bool> IsTextAsync(string file, CancellationToken cancellationToken)
    {
        var start = new byte[8000];
        await using var stream = File.OpenRead(file);
        var read = await stream.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, cancellationToken);
        return Array.IndexOf(start, (byte)0, 0, read) < 0;
    }
}
