using CodeTether.Workers.Tools;

namespace CodeTether.Tests.Unit.Workers.Tools;

public sealed class FileToolsTests : IDisposable
{
    private readonly TempCodebase codebase = new();
    private readonly FileTools tools;

    public FileToolsTests() => tools = new FileTools(codebase.Directory, new ToolOptions { MaxListedFiles = 5, MaxReadCharacters = 50, MaxSearchMatches = 3 });

    public void Dispose() => codebase.Dispose();

    [Theory]
    [InlineData("../outside/secret.txt")]
    [InlineData("src/../../outside/secret.txt")]
    [InlineData("/etc/passwd")]
    public async Task A_path_outside_the_codebase_is_refused(string path)
    {
        var error = await Assert.ThrowsAsync<ToolException>(() => tools.ReadFile(path));
        Assert.Contains("outside the codebase", error.Message);
    }

    [Fact]
    public async Task An_absolute_path_inside_the_codebase_is_allowed()
    {
        var file = codebase.Write("notes.txt", "inside");
        Assert.Equal("inside", await tools.ReadFile(file));
    }

    [Fact]
    public async Task Symbolic_links_that_lead_outside_are_refused_for_reading_and_writing()
    {
        File.CreateSymbolicLink(Path.Combine(codebase.Root, "secret-link.txt"), Path.Combine(codebase.Outside, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(codebase.Root, "elsewhere"), codebase.Outside);
        Directory.CreateSymbolicLink(Path.Combine(codebase.Root, "relative"), "../outside");

        foreach (var path in new[] { "secret-link.txt", "elsewhere/secret.txt", "relative/secret.txt" })
            Assert.Contains("symbolic link", (await Assert.ThrowsAsync<ToolException>(() => tools.ReadFile(path))).Message);
        Assert.Contains("symbolic link", (await Assert.ThrowsAsync<ToolException>(() => tools.WriteFile("elsewhere/new.txt", "x"))).Message);
        Assert.Contains("symbolic link", (await Assert.ThrowsAsync<ToolException>(() => tools.EditFile("secret-link.txt", "outside", "changed"))).Message);
        Assert.False(File.Exists(Path.Combine(codebase.Outside, "new.txt")));
        Assert.Equal("outside secret", File.ReadAllText(Path.Combine(codebase.Outside, "secret.txt")));
    }

    [Fact]
    public async Task Symbolic_links_that_stay_inside_are_followed()
    {
        codebase.Write("docs/guide.md", "the guide");
        Directory.CreateSymbolicLink(Path.Combine(codebase.Root, "manual"), "docs");
        Assert.Equal("the guide", await tools.ReadFile("manual/guide.md"));
    }

    [Fact]
    public async Task Walking_the_codebase_skips_symbolic_links_so_nothing_outside_is_listed_or_searched()
    {
        codebase.Write("a.txt", "secret inside");
        Directory.CreateSymbolicLink(Path.Combine(codebase.Root, "elsewhere"), codebase.Outside);

        Assert.Equal("a.txt", tools.ListFiles(".", "**/*"));
        Assert.Equal("a.txt:1: secret inside", await tools.SearchFiles("secret"));
    }

    [Fact]
    public void Listing_without_a_pattern_shows_the_directory_and_with_one_the_matching_files_below()
    {
        codebase.Write("README.md", "");
        codebase.Write("src/app.cs", "");
        codebase.Write("src/deep/lib.cs", "");
        codebase.Write(".git/config", "");

        Assert.Equal(".git/\nREADME.md\nsrc/", tools.ListFiles());
        Assert.Equal("src/app.cs\nsrc/deep/lib.cs", tools.ListFiles(".", "**/*.cs"));
        Assert.Equal("src/app.cs", tools.ListFiles("src", "*.cs"));
        Assert.Contains("No file", tools.ListFiles(".", "*.py"));
    }

    [Fact]
    public void Listing_stops_at_its_cap_and_says_how_many_more_there_are()
    {
        for (var i = 0; i < 8; i++)
            codebase.Write($"file{i}.txt", "");

        var listing = tools.ListFiles(".", "*.txt").Split('\n');
        Assert.Equal(["file0.txt", "file1.txt", "file2.txt", "file3.txt", "file4.txt"], listing[..5]);
        Assert.Contains("3 more not shown", listing[5]);
    }

    [Fact]
    public async Task Reading_gives_a_range_of_lines_and_stops_at_its_cap_saying_where_to_read_on()
    {
        codebase.Write("lines.txt", string.Join('\n', Enumerable.Range(1, 30).Select(i => $"line {i}")));

        Assert.Equal("line 2\nline 3", await tools.ReadFile("lines.txt", startLine: 2, endLine: 3));
        var capped = await tools.ReadFile("lines.txt");
        Assert.StartsWith("line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\n[", capped);
        Assert.Contains("startLine=8", capped);
        Assert.Contains("has only 30 lines", (await Assert.ThrowsAsync<ToolException>(() => tools.ReadFile("lines.txt", startLine: 31))).Message);
    }

    [Fact]
    public async Task Reading_refuses_a_missing_file_a_directory_and_a_binary_file()
    {
        codebase.Write("dir/x.txt", "");
        File.WriteAllBytes(Path.Combine(codebase.Root, "image.png"), [0x89, 0x50, 0x00, 0x01]);

        Assert.Contains("no file", (await Assert.ThrowsAsync<ToolException>(() => tools.ReadFile("missing.txt"))).Message);
        Assert.Contains("is a directory", (await Assert.ThrowsAsync<ToolException>(() => tools.ReadFile("dir"))).Message);
        Assert.Contains("binary", (await Assert.ThrowsAsync<ToolException>(() => tools.ReadFile("image.png"))).Message);
    }

    [Fact]
    public async Task Searching_finds_text_or_a_regular_expression_within_a_glob_up_to_its_cap()
    {
        codebase.Write("src/a.cs", "class Alpha {}\n// TODO one\n");
        codebase.Write("src/b.cs", "// TODO two\n// todo three\n// TODO four\n");
        codebase.Write("notes.md", "TODO in markdown");

        Assert.Equal("src/a.cs:1: class Alpha {}", await tools.SearchFiles(@"class \w+ \{", regex: true));
        Assert.Equal("notes.md:1: TODO in markdown", await tools.SearchFiles("TODO", glob: "*.md"));
        var capped = (await tools.SearchFiles("todo", ignoreCase: true, directory: "src")).Split('\n');
        Assert.Equal(["src/a.cs:2: // TODO one", "src/b.cs:1: // TODO two", "src/b.cs:2: // todo three"], capped[..3]);
        Assert.Contains("stopped at 3 matches", capped[3]);
        Assert.Contains("invalid", (await Assert.ThrowsAsync<ToolException>(() => tools.SearchFiles("(unclosed", regex: true))).Message);
    }

    [Fact]
    public async Task Writing_creates_directories_and_replaces_a_whole_file()
    {
        Assert.StartsWith("Created 'out/deep/result.txt'", await tools.WriteFile("out/deep/result.txt", "first"));
        Assert.StartsWith("Replaced", await tools.WriteFile("out/deep/result.txt", "second"));
        Assert.Equal("second", File.ReadAllText(Path.Combine(codebase.Root, "out/deep/result.txt")));
        Assert.Contains("outside the codebase", (await Assert.ThrowsAsync<ToolException>(() => tools.WriteFile("../escape.txt", "x"))).Message);
        Assert.False(File.Exists(Path.Combine(codebase.Root, "../escape.txt")));
    }

    [Fact]
    public async Task Editing_replaces_exactly_one_occurrence_and_fails_clearly_when_there_is_none_or_more()
    {
        var file = codebase.Write("config.ini", "port=80\nhost=a\nport=80\nmode=dev\n");

        Assert.Contains("occurs 2 times", (await Assert.ThrowsAsync<ToolException>(() => tools.EditFile("config.ini", "port=80", "port=81"))).Message);
        Assert.Contains("not found", (await Assert.ThrowsAsync<ToolException>(() => tools.EditFile("config.ini", "mode=prod", "mode=dev"))).Message);
        Assert.Equal("port=80\nhost=a\nport=80\nmode=dev\n", File.ReadAllText(file));

        await tools.EditFile("config.ini", "host=a\nport=80", "host=b\nport=8080");
        Assert.Equal("port=80\nhost=b\nport=8080\nmode=dev\n", File.ReadAllText(file));
    }

    [Theory]
    [InlineData("*.cs", "a.cs", true)]
    [InlineData("*.cs", "src/a.cs", false)]
    [InlineData("**/*.cs", "a.cs", true)]
    [InlineData("**/*.cs", "src/deep/a.cs", true)]
    [InlineData("src/**", "src/deep/a.cs", true)]
    [InlineData("src/?.cs", "src/a.cs", true)]
    [InlineData("a.c", "abc", false)]
    public void Globs_match_within_and_across_directories(string pattern, string path, bool matches) =>
        Assert.Equal(matches, new Glob(pattern).Matches(path));
}
