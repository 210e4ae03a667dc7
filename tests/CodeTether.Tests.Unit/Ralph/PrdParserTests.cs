using System.Text.Json;
using CodeTether.Tasks.Prd;
using CodeTether.Tasks.Ralph;

namespace CodeTether.Tests.Unit.Ralph;

public class PrdParserTests
{
    private static readonly RalphSettings Settings = new() { MaxStories = 3 };

    private const string PrdText = """
        {"project": "Todo", "branchName": "ralph/todo", "description": "A todo list",
         "userStories": [
           {"id": "US-001", "title": "Add items", "description": "As a user I add items", "acceptanceCriteria": ["An item can be added"], "priority": 2},
           {"id": "US-002", "title": "List items", "acceptanceCriteria": []}
         ]}
        """;

    private static StartRalphRunRequest Request(JsonElement? prd = null, string? prdJson = null, Dictionary<string, JsonElement>? flat = null,
        string? project = null, string? branch = null) =>
        new(prd, prdJson, project, branch, null, "cb_1", null, null, null, null) { StoryFields = flat };

    [Fact]
    public void A_prd_object_and_the_same_prd_as_a_string_read_alike()
    {
        var (fromObject, objectErrors) = PrdParser.FromRequest(Request(prd: JsonDocument.Parse(PrdText).RootElement), Settings);
        var (fromString, stringErrors) = PrdParser.FromRequest(Request(prdJson: PrdText), Settings);

        Assert.Empty(objectErrors);
        Assert.Empty(stringErrors);
        Assert.Equal(fromObject!.ToJson(), fromString!.ToJson());
        Assert.Equal("Todo", fromObject.Project);
        Assert.Equal("ralph/todo", fromObject.BranchName);
        Assert.Equal([2, 2], fromObject.UserStories!.Select(s => s.Priority!.Value));
        Assert.Equal(["An item can be added"], fromObject.UserStories![0].AcceptanceCriteria!);
    }

    [Fact]
    public void A_normalised_prd_as_json_is_accepted_again_unchanged()
    {
        var (prd, _) = PrdParser.FromJson(PrdText, "prd_json", Settings);
        var (again, errors) = PrdParser.FromJson(prd!.ToJson(), "prd_json", Settings);

        Assert.Empty(errors);
        Assert.Equal(prd.ToJson(), again!.ToJson());
        Assert.Contains("\"branchName\":\"ralph/todo\"", prd.ToJson());
    }

    [Fact]
    public void Flat_story_fields_make_stories_in_their_numbers_order_with_one_criterion_per_line()
    {
        var flat = new Dictionary<string, JsonElement>
        {
            ["story_2_title"] = Json("\"Second\""),
            ["story_1_id"] = Json("\"LOGIN\""),
            ["story_1_title"] = Json("\"First\""),
            ["story_1_description"] = Json("\"Log in\""),
            ["story_1_criteria"] = Json("\"- a form\\n* a button\\n\\n1. a message\""),
            ["unrelated"] = Json("42"),
        };
        var (prd, errors) = PrdParser.FromRequest(Request(flat: flat, project: "Shop", branch: "feature/login"), Settings);

        Assert.Empty(errors);
        Assert.Equal(["LOGIN", "US-002"], prd!.UserStories!.Select(s => s.Id!));
        Assert.Equal([1, 2], prd.UserStories!.Select(s => s.Priority!.Value));
        Assert.Equal(["a form", "a button", "a message"], prd.UserStories![0].AcceptanceCriteria!);
        Assert.Equal("Shop", prd.Project);
    }

    [Fact]
    public void Prd_json_wins_over_flat_fields()
    {
        var flat = new Dictionary<string, JsonElement> { ["story_1_title"] = Json("\"Ignored\"") };
        var (prd, errors) = PrdParser.FromRequest(Request(prdJson: PrdText, flat: flat, project: "Other"), Settings);

        Assert.Empty(errors);
        Assert.Equal("Todo", prd!.Project);
    }

    [Theory]
    [InlineData("""{"project": "P", "branchName": "b", "userStories": []}""", "prd_json.userStories")]
    [InlineData("""{"project": "P", "branchName": "b"}""", "prd_json.userStories")]
    [InlineData("""{"project": "P", "branchName": "b", "userStories": [{"id": "A", "title": "a"}, {"id": "a", "title": "b"}]}""", "prd_json.userStories[1].id")]
    [InlineData("""{"project": "P", "branchName": "b", "userStories": [{"id": "A", "title": "a"}, {"id": "B", "title": "b"}, {"id": "C", "title": "c"}, {"id": "D", "title": "d"}]}""", "prd_json.userStories")]
    [InlineData("""{"project": "P", "branchName": "bad..name", "userStories": [{"id": "A", "title": "a"}]}""", "prd_json.branchName")]
    [InlineData("""{"project": "P", "branchName": "has space", "userStories": [{"id": "A", "title": "a"}]}""", "prd_json.branchName")]
    [InlineData("""{"project": "P", "userStories": [{"id": "A", "title": "a"}]}""", "prd_json.branchName")]
    [InlineData("""{"branchName": "b", "userStories": [{"id": "A", "title": "a"}]}""", "prd_json.project")]
    [InlineData("""{"project": "P", "branchName": "b", "userStories": [{"id": "A"}]}""", "prd_json.userStories[0].title")]
    [InlineData("""{"project": "P", "branchName": "b", "userStories": [{"id": "../x", "title": "a"}]}""", "prd_json.userStories[0].id")]
    [InlineData("""{"project": "P", "branchName": "b", "userStories": [{"id": "A", "title": "a", "priority": "high"}]}""", "prd_json")]
    [InlineData("""[1, 2]""", "prd_json")]
    [InlineData("""not json""", "prd_json")]
    public void A_bad_prd_json_is_refused_naming_the_field(string json, string field)
    {
        var (prd, errors) = PrdParser.FromRequest(Request(prdJson: json), Settings);

        Assert.Null(prd);
        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void Errors_of_a_prd_object_and_of_flat_fields_name_the_fields_the_caller_wrote()
    {
        var (_, objectErrors) = PrdParser.FromRequest(Request(prd: Json("""{"project": "P", "branchName": "-x", "userStories": [{"id": "A", "title": "a"}, {"id": "A", "title": "b"}]}""")), Settings);
        Assert.Equal(["prd.branchName", "prd.userStories[1].id"], objectErrors.Keys.Order(StringComparer.Ordinal));

        var flat = new Dictionary<string, JsonElement>
        {
            ["story_1_id"] = Json("\"A\""), ["story_1_title"] = Json("\"a\""),
            ["story_2_id"] = Json("\"A\""), ["story_2_title"] = Json("\"b\""),
            ["story_3_id"] = Json("\"C\""),
        };
        var (_, flatErrors) = PrdParser.FromRequest(Request(flat: flat, project: "P", branch: "main.lock"), Settings);
        Assert.Equal(["branch_name", "story_2_id", "story_3_title"], flatErrors.Keys.Order(StringComparer.Ordinal));

        var (_, noStories) = PrdParser.FromRequest(Request(project: "P", branch: "b"), Settings);
        Assert.Equal(["story_1_title"], noStories.Keys);
    }

    [Fact]
    public void Flat_fields_beyond_ten_stories_or_of_the_wrong_type_are_refused()
    {
        var flat = new Dictionary<string, JsonElement> { ["story_11_title"] = Json("\"x\""), ["story_1_title"] = Json("3") };
        var (_, errors) = PrdParser.FromRequest(Request(flat: flat, project: "P", branch: "b"), new RalphSettings());

        Assert.Equal(["story_11_title", "story_1_title"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Prd_and_prd_json_together_are_refused()
    {
        var (_, errors) = PrdParser.FromRequest(Request(prd: Json(PrdText), prdJson: PrdText), Settings);

        Assert.Equal(["prd"], errors.Keys);
    }

    [Theory]
    [InlineData("main", null)]
    [InlineData("ralph/feature-x_1.2", null)]
    [InlineData("a//b", "no empty part")]
    [InlineData("x.lock", ".lock")]
    [InlineData("a/.hidden", "starting with '.'")]
    [InlineData("x@{1}", "@{")]
    [InlineData("HEAD", "reserved")]
    [InlineData("what?", "?")]
    [InlineData("ends/", "end with '/'")]
    public void Branch_names_follow_gits_rules(string name, string? problem)
    {
        var found = PrdParser.BranchNameProblem(name);
        if (problem is null)
            Assert.Null(found);
        else
            Assert.Contains(problem, found);
    }

    [Fact]
    public void A_chat_answer_holds_a_prd_only_in_a_valid_json_block()
    {
        var answer = $"Here is the PRD.\n\n```json\n{PrdText}\n```\nTell me what to change.";
        var prd = PrdChat.Find(answer, Settings);

        Assert.NotNull(prd);
        Assert.Equal("Todo", prd.Project);
        Assert.Null(PrdChat.Find("What should the app do? Who are its users?", Settings));
        Assert.Null(PrdChat.Find("```json\n{\"project\": \"P\", \"branchName\": \"b\", \"userStories\": []}\n```", Settings));
        var revised = answer + "\n\nRevised:\n```json\n" + PrdText.Replace("Todo", "Todo 2") + "\n```";
        Assert.Equal("Todo 2", PrdChat.Find(revised, Settings)!.Project);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
