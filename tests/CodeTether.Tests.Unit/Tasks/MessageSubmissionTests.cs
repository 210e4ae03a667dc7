using CodeTether.Tasks.Conversations;
using CodeTether.Tasks.Messages;
using CodeTether.Tasks.Submission;

namespace CodeTether.Tests.Unit.Tasks;

public class MessageSubmissionTests
{
    private static readonly TaskSettings Settings = new()
    {
        Models = ["claude-sonnet-4", "gpt-4o", "simulator"],
        ModelProviders = ["anthropic", "openai", "simulator"],
    };

    private static SendMessageRequest Message(string? message = "Summarise the thread", string? conversationId = null,
        string? model = null, string? modelRef = null, string? notifyEmail = null, string? agentType = null) =>
        new(message, conversationId, agentType, model, modelRef, CodebaseId: null, Priority: null, notifyEmail);

    [Fact]
    public void The_message_is_the_prompt_and_its_first_line_the_title()
    {
        var task = MessageSubmission.ToTask(Message("\n  Review PR #42  \r\nIt touches the billing code."), Guid.NewGuid(), Guid.NewGuid());

        Assert.Equal("Review PR #42", task.Title);
        Assert.Equal("\n  Review PR #42  \r\nIt touches the billing code.", task.Description);
    }

    [Fact]
    public void A_long_first_line_is_shortened_to_a_title_of_200_characters()
    {
        var title = MessageSubmission.Title(new string('a', 150) + " " + new string('b', 150));

        Assert.Equal(200, title.Length);
        Assert.EndsWith("…", title);
        Assert.StartsWith(new string('a', 150), title);
    }

    [Fact]
    public void A_title_is_not_cut_inside_a_surrogate_pair()
    {
        var title = MessageSubmission.Title(new string('a', 198) + "😀" + new string('b', 10));

        Assert.Equal(new string('a', 198) + "…", title);
    }

    [Fact]
    public void A_message_without_a_conversation_starts_a_new_one_and_one_with_an_id_continues_it()
    {
        var first = MessageSubmission.ToTask(Message(), Guid.NewGuid(), Guid.NewGuid());
        var second = MessageSubmission.ToTask(Message(), Guid.NewGuid(), Guid.NewGuid());
        var continued = MessageSubmission.ToTask(Message(conversationId: "1712345678.123456"), Guid.NewGuid(), Guid.NewGuid());

        Assert.StartsWith("conv_", first.ConversationId);
        Assert.NotEqual(first.ConversationId, second.ConversationId);
        Assert.Equal("1712345678.123456", continued.ConversationId);
    }

    [Fact]
    public void The_model_reference_wins_over_the_model_name()
    {
        Assert.Equal("openai:gpt-4.1-mini", MessageSubmission.ToTask(Message(model: "gpt-4o", modelRef: "openai:gpt-4.1-mini"), Guid.NewGuid(), Guid.NewGuid()).Model);
        Assert.Equal("gpt-4o", MessageSubmission.ToTask(Message(model: "gpt-4o"), Guid.NewGuid(), Guid.NewGuid()).Model);
        Assert.Empty(MessageSubmission.Validate(Message(model: "gpt-4o", modelRef: "openai:gpt-4.1-mini"), Settings));
    }

    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("mystery:model")]
    [InlineData("openai:")]
    public void A_model_reference_must_name_a_known_provider_and_a_model(string modelRef) =>
        Assert.Equal(["model_ref"], MessageSubmission.Validate(Message(modelRef: modelRef), Settings).Keys);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n ")]
    public void A_message_is_required(string? message) =>
        Assert.Equal(["message"], MessageSubmission.Validate(Message(message), Settings).Keys);

    [Fact]
    public void A_message_over_the_limit_is_refused() =>
        Assert.Equal(["message"], MessageSubmission.Validate(Message(new string('x', MessageSubmission.MaxMessageLength + 1)), Settings).Keys);

    [Fact]
    public void The_task_rules_apply_under_the_message_field_names()
    {
        var errors = MessageSubmission.Validate(Message(conversationId: new string('c', ConversationLog.MaxIdLength + 1), model: "gpt-5",
            notifyEmail: "not an address", agentType: "wizard"), Settings);

        Assert.Equal(["agent_type", "conversation_id", "model", "notify_email"], errors.Keys.Order());
    }

    [Theory]
    [InlineData("1712345678.123456", true)]
    [InlineData("C024BE91L/1712345678.123456", true)]
    [InlineData("a", true)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData("line\nbreak", false)]
    public void Conversation_ids_are_1_to_200_visible_characters(string conversationId, bool valid) =>
        Assert.Equal(valid, ConversationLog.Problem(conversationId) is null);
}
