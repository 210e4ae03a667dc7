using System.Text.Json;
using System.Text.RegularExpressions;

namespace CodeTether.Tasks.Ralph;

/// <summary>
/// Reads a PRD from the three shapes <c>POST /v1/ralph/runs</c> accepts and checks it. Errors are keyed by the field the
/// caller wrote: <c>prd.userStories[1].id</c>, <c>prd_json.branchName</c> or <c>story_2_id</c>.
/// </summary>
public static partial class PrdParser
{
    /// <summary>The Zapier action's flat fields hold at most this many stories.</summary>
    public const int MaxFlatStories = 10;
    private const int MaxTitleLength = 200;
    private const int MaxTextLength = 20_000;
    private const int MaxCriteria = 50;

    /// <summary>The request's PRD, normalised (priorities filled in), or the errors that make it unusable.</summary>
    public static (Prd? Prd, Dictionary<string, string[]> Errors) FromRequest(StartRalphRunRequest request, RalphSettings settings)
    {
        if (request.Prd is { } prd && request.PrdJson is not null)
            return (null, new() { ["prd"] = ["Give the PRD once: as prd (an object) or as prd_json (a string), not both."] });
        if (request.Prd is { } element)
            return element.ValueKind == JsonValueKind.Object
                ? Read(() => element.Deserialize<Prd>(Prd.Json), "prd", settings)
                : (null, new() { ["prd"] = ["The PRD must be a JSON object with project, branchName, description and userStories."] });
        if (request.PrdJson is { } json)
            return FromJson(json, "prd_json", settings);
        return FromFlatFields(request, settings);
    }

    /// <summary>A PRD written as JSON text; <paramref name="field"/> names it in the errors.</summary>
    public static (Prd? Prd, Dictionary<string, string[]> Errors) FromJson(string json, string field, RalphSettings settings)
    {
        if (json.Length > 200_000)
            return (null, new() { [field] = ["The PRD must be at most 200000 characters."] });
        return Read(() =>
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new JsonException("The PRD must be a JSON object with project, branchName, description and userStories.");
            return document.RootElement.Deserialize<Prd>(Prd.Json);
        }, field, settings);
    }

    private static (Prd?, Dictionary<string, string[]>) Read(Func<Prd?> read, string field, RalphSettings settings)
    {
        Prd prd;
        try
        {
            prd = read()!;
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } path ? $" at {path}" : "";
            return (null, new() { [field] = [$"The PRD is not valid JSON of the PRD's shape{where}: {FirstSentence(e.Message)}"] });
        }
        var errors = Validate(prd, JsonFieldNames(field), settings);
        return errors.Count == 0 ? (Normalise(prd), errors) : (null, errors);
    }

    private static (Prd?, Dictionary<string, string[]>) FromFlatFields(StartRalphRunRequest request, RalphSettings settings)
    {
        var errors = new Dictionary<string, string[]>();
        var values = new Dictionary<(int Story, string Part), string>();
        foreach (var (name, value) in request.StoryFields ?? [])
        {
            if (FlatStoryField().Match(name) is not { Success: true } match)
                continue;
            var number = int.Parse(match.Groups[1].Value);
            if (number is < 1 or > MaxFlatStories)
                errors[name] = [$"Stories as separate fields are story_1_… to story_{MaxFlatStories}_…; give more stories in prd_json."];
            else if (value.ValueKind == JsonValueKind.String)
                values[(number, match.Groups[2].Value)] = value.GetString()!;
            else if (value.ValueKind != JsonValueKind.Null)
                errors[name] = ["This field must be a string."];
        }
        if (errors.Count > 0)
            return (null, errors);

        var stories = values.Keys.Select(k => k.Story).Distinct().Order().Select(n => new PrdStory(
            values.GetValueOrDefault((n, "id")) is { Length: > 0 } id ? id : $"US-{n:000}",
            values.GetValueOrDefault((n, "title")),
            values.GetValueOrDefault((n, "description")),
            Criteria(values.GetValueOrDefault((n, "criteria"))),
            n)).ToList();
        var prd = new Prd(request.ProjectName, request.BranchName, request.ProjectDescription, stories);
        errors = Validate(prd, FlatFieldNames(stories), settings);
        return errors.Count == 0 ? (Normalise(prd), errors) : (null, errors);
    }

    /// <summary>One criterion per line; list markers (<c>-</c>, <c>*</c>, <c>1.</c>) are dropped.</summary>
    private static List<string> Criteria(string? text) =>
        text is null ? [] : [.. text.Split('\n').Select(l => ListMarker().Replace(l.Trim(), "")).Where(l => l.Length > 0)];

    /// <summary>The errors of a PRD, keyed by <paramref name="fieldName"/> of the PRD field (<c>project</c>, <c>userStories[0].id</c>, …).</summary>
    public static Dictionary<string, string[]> Validate(Prd prd, Func<string, string> fieldName, RalphSettings settings)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors.TryAdd(fieldName(field), [message]);

        if (string.IsNullOrWhiteSpace(prd.Project))
            Add("project", "A project name is required.");
        else if (prd.Project.Trim().Length > MaxTitleLength)
            Add("project", $"The project name must be at most {MaxTitleLength} characters.");
        if (string.IsNullOrWhiteSpace(prd.BranchName))
            Add("branchName", "A git branch name is required: the run commits each story there.");
        else if (BranchNameProblem(prd.BranchName) is { } problem)
            Add("branchName", $"'{prd.BranchName}' is not a valid git branch name: {problem}.");
        if (prd.Description is { Length: > MaxTextLength })
            Add("description", $"The description must be at most {MaxTextLength} characters.");

        var stories = prd.UserStories ?? [];
        if (stories.Count == 0)
            Add("userStories", "A PRD needs at least one user story.");
        else if (stories.Count > settings.MaxStories)
            Add("userStories", $"A PRD may have at most {settings.MaxStories} user stories; it has {stories.Count}.");
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < stories.Count; i++)
        {
            var story = stories[i];
            var at = $"userStories[{i}]";
            if (story is null)
            {
                Add(at, "A user story must be an object.");
                continue;
            }
            if (string.IsNullOrWhiteSpace(story.Id))
                Add($"{at}.id", "A story id is required.");
            else if (!StoryId().IsMatch(story.Id))
                Add($"{at}.id", $"'{story.Id}' is not a story id: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters.");
            else if (!ids.Add(story.Id))
                Add($"{at}.id", $"The story id '{story.Id}' is used by another story; each story needs its own.");
            if (string.IsNullOrWhiteSpace(story.Title))
                Add($"{at}.title", "A story title is required.");
            else if (story.Title.Trim().Length > MaxTitleLength)
                Add($"{at}.title", $"The story title must be at most {MaxTitleLength} characters.");
            if (story.Description is { Length: > MaxTextLength })
                Add($"{at}.description", $"The story description must be at most {MaxTextLength} characters.");
            if (story.AcceptanceCriteria is { } criteria
                && (criteria.Count > MaxCriteria || criteria.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > 2000)))
                Add($"{at}.acceptanceCriteria", $"At most {MaxCriteria} acceptance criteria, each a non-empty text of at most 2000 characters.");
        }
        return errors;
    }

    /// <summary>
    /// Why <paramref name="name"/> is not a branch name git accepts (the rules of <c>git check-ref-format --branch</c>),
    /// or null.
    /// </summary>
    public static string? BranchNameProblem(string name)
    {
        if (name.Length > 200)
            return "at most 200 characters";
        if (name.StartsWith('-'))
            return "it must not start with '-'";
        if (name is "HEAD" or "@")
            return $"'{name}' is reserved";
        if (name.Any(c => char.IsControl(c) || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\'))
            return "no spaces, control characters or any of ~ ^ : ? * [ \\";
        if (name.Contains("..") || name.Contains("@{"))
            return "no '..' and no '@{'";
        if (name.EndsWith('/') || name.EndsWith('.') || name.StartsWith('/'))
            return "it must not start with '/' nor end with '/' or '.'";
        if (name.Split('/').Any(part => part.Length == 0 || part.StartsWith('.') || part.EndsWith(".lock", StringComparison.Ordinal)))
            return "no empty part ('//'), no part starting with '.' or ending with '.lock'";
        return null;
    }

    /// <summary>Trimmed, with each story's priority (its place in the list when it has none) set.</summary>
    private static Prd Normalise(Prd prd) => new(prd.Project!.Trim(), prd.BranchName, string.IsNullOrWhiteSpace(prd.Description) ? null : prd.Description,
        [.. prd.UserStories!.Select((s, i) => new PrdStory(s.Id, s.Title!.Trim(), string.IsNullOrWhiteSpace(s.Description) ? null : s.Description,
            s.AcceptanceCriteria ?? [], s.Priority ?? i + 1))]);

    private static Func<string, string> JsonFieldNames(string root) => field => $"{root}.{field}";

    private static Func<string, string> FlatFieldNames(List<PrdStory> stories) => field => field switch
    {
        "project" => "project_name",
        "branchName" => "branch_name",
        "description" => "project_description",
        "userStories" => "story_1_title",
        _ when StoryPath().Match(field) is { Success: true } m =>
            $"story_{stories[int.Parse(m.Groups[1].Value)].Priority}_{(m.Groups[2].Value switch { "acceptanceCriteria" => "criteria", var part => part })}",
        _ => field,
    };

    private static string FirstSentence(string message) => message.Split(". Path:")[0].TrimEnd('.') + ".";

    [GeneratedRegex("^story_([0-9]+)_(id|title|description|criteria)$")]
    private static partial Regex FlatStoryField();

    [GeneratedRegex(@"^userStories\[([0-9]+)\]\.(\w+)$")]
    private static partial Regex StoryPath();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex StoryId();

    [GeneratedRegex(@"^([-*•]|[0-9]+[.)])\s*")]
    private static partial Regex ListMarker();
}
