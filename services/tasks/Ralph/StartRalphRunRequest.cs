using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeTether.Tasks.Ralph;

/// <summary>
/// The body of <c>POST /v1/ralph/runs</c>: the PRD as <c>prd</c> (an object) or <c>prd_json</c> (a string), or the
/// Zapier action's flat fields (<c>project_name</c>, <c>branch_name</c>, <c>project_description</c> and
/// <c>story_N_id</c>, <c>story_N_title</c>, <c>story_N_description</c>, <c>story_N_criteria</c> for N = 1…10, which
/// arrive in <see cref="StoryFields"/>); rules in <c>docs/ralph.md</c>.
/// </summary>
public record StartRalphRunRequest(
    JsonElement? Prd,
    string? PrdJson,
    string? ProjectName,
    string? BranchName,
    string? ProjectDescription,
    string? CodebaseId,
    string? Model,
    int? MaxIterations,
    string? RunMode,
    string? TestCommand)
{
    /// <summary>Every other field of the body: the flat story fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? StoryFields { get; init; }
}
