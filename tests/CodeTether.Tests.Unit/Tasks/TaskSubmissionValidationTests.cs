using CodeTether.Contracts.Agents;
using CodeTether.Tasks.Submission;

namespace CodeTether.Tests.Unit.Tasks;

public class TaskSubmissionValidationTests
{
    private static readonly TaskSettings Settings = new()
    {
        Models = ["claude-sonnet-4", "gpt-4o", "simulator"],
        ModelProviders = ["anthropic", "openai", "simulator"],
        MaxTimeoutSeconds = 10800,
    };

    private static TaskSubmissionRequest Request(string? title = "A task", string? agentType = null, string? model = null,
        string? webhookUrl = null, string? notifyEmail = null, int? timeoutSeconds = null, string? codebaseId = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), title, null, agentType, model, null, codebaseId, webhookUrl, notifyEmail, timeoutSeconds);

    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("GPT-4O")]
    [InlineData("simulator")]
    [InlineData("openai:gpt-4.1-mini")]
    [InlineData("anthropic:claude-opus-4-1-20250805")]
    public void Catalog_names_and_references_to_known_providers_are_models(string model) =>
        Assert.Empty(TaskSubmission.Validate(Request(model: model), Settings));

    [Theory]
    [InlineData("gpt-5")]
    [InlineData("mystery:model")]
    [InlineData("openai:")]
    [InlineData(":gpt-4o")]
    [InlineData("")]
    public void Anything_else_is_an_unknown_model(string model) =>
        Assert.Equal(["model"], TaskSubmission.Validate(Request(model: model), Settings).Keys);

    [Theory]
    [InlineData("ops@example.com", true)]
    [InlineData("first.last+tag@sub.example.co.uk", true)]
    [InlineData("not an address", false)]
    [InlineData("Ann <ann@example.com>", false)]
    [InlineData("a@example.com, b@example.com", false)]
    [InlineData("nobody@localhost", false)]
    public void Notify_email_is_one_bare_address(string email, bool valid) =>
        Assert.Equal(valid, !TaskSubmission.Validate(Request(notifyEmail: email), Settings).ContainsKey("notify_email"));

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(10800, true)]
    [InlineData(10801, false)]
    [InlineData(-5, false)]
    public void Timeout_is_between_one_second_and_the_maximum(int seconds, bool valid) =>
        Assert.Equal(valid, !TaskSubmission.Validate(Request(timeoutSeconds: seconds), Settings).ContainsKey("timeout_seconds"));

    [Theory]
    [InlineData("https://hooks.example.com/x", true)]
    [InlineData("http://10.0.0.1:8080/hook", true)]
    [InlineData("ftp://example.com/x", false)]
    [InlineData("/relative", false)]
    [InlineData("example.com/hook", false)]
    public void Webhook_url_is_absolute_http_or_https(string url, bool valid) =>
        Assert.Equal(valid, !TaskSubmission.Validate(Request(webhookUrl: url), Settings).ContainsKey("webhook_url"));

    [Fact]
    public void Title_is_one_to_two_hundred_characters_and_agent_type_one_of_four()
    {
        Assert.Empty(TaskSubmission.Validate(Request(title: new string('t', 200), agentType: "explore"), Settings));
        Assert.Equal(["title", "agent_type"], TaskSubmission.Validate(Request(title: new string('t', 201), agentType: "wizard"), Settings).Keys);
        Assert.Equal(["title"], TaskSubmission.Validate(Request(title: null), Settings).Keys);
        Assert.Equal(["codebase_id"], TaskSubmission.Validate(Request(codebaseId: new string('c', 201)), Settings).Keys);
    }

    [Theory]
    [InlineData("codetether-reviewer", true)]
    [InlineData("builder_2", true)]
    [InlineData("7", true)]
    [InlineData("sender", true)]
    [InlineData("send", false)]
    [InlineData("Reviewer", false)]
    [InlineData("agent.pool", false)]
    [InlineData("-reviewer", false)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    public void Agent_names_are_lowercase_words_that_make_queue_names_of_their_own(string name, bool valid)
    {
        Assert.Equal(valid, AgentNames.IsValid(name));
        Assert.Equal(valid, !TaskSubmission.Validate(Request() with { AgentName = name }, Settings).ContainsKey("agent_name"));
        Assert.False(AgentNames.IsValid(new string('a', 65)));
        Assert.Equal("agent.codetether-reviewer", AgentNames.TaskQueue("codetether-reviewer"));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(10800, true)]
    [InlineData(0, false)]
    [InlineData(10801, false)]
    public void A_deadline_is_between_one_second_and_the_longest_timeout(int seconds, bool valid) =>
        Assert.Equal(valid, !TaskSubmission.Validate(Request() with { AgentName = "reviewer", DeadlineSeconds = seconds }, Settings)
            .ContainsKey("deadline_seconds"));
}
