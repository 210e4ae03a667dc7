using System.Text.Json;

namespace CodeTether.Tasks.Ralph;

/// <summary>
/// A product requirements document in Ralph's <c>prd.json</c> shape (camelCase: <c>project</c>, <c>branchName</c>,
/// <c>description</c>, <c>userStories</c> with <c>id</c>, <c>title</c>, <c>description</c>, <c>acceptanceCriteria</c>,
/// <c>priority</c>). As read it may be incomplete; <see cref="PrdParser"/> says what is wrong with it.
/// </summary>
public sealed record Prd(string? Project, string? BranchName, string? Description, IReadOnlyList<PrdStory>? UserStories)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The PRD as <c>prd_json</c>: what <c>POST /v1/ralph/runs</c> accepts.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

public sealed record PrdStory(string? Id, string? Title, string? Description, IReadOnlyList<string>? AcceptanceCriteria, int? Priority);
