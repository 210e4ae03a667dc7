using System.Text;
using System.Text.Json;
using CodeTether.ServiceDefaults.Journal;
using CodeTether.Tasks.Journal;

namespace CodeTether.Tests.Unit.Journal;

public class JournalEntryTests
{
    private static readonly Guid TaskId = Guid.NewGuid();

    private static SentMessage Sent(string body) => new("tasks", Guid.NewGuid(), null, null, "rabbitmq://host/vhost/source",
        "rabbitmq://host/vhost/CodeTether.Contracts.Tasks:TaskCompleted", new DateTime(2026, 11, 23, 13, 0, 0, DateTimeKind.Utc),
        "application/vnd.masstransit+json", new() { ["traceparent"] = "00-abc-def-01" }, ["urn:message:MassTransit.Serialization:SerializedMessageBody"],
        Encoding.UTF8.GetBytes(body));

    [Fact]
    public void A_MassTransit_envelope_gives_the_body_the_message_types_and_the_ids_consumers_see()
    {
        var messageId = Guid.NewGuid();
        var conversationId = Guid.NewGuid();
        var entry = JournalEntry.From(Sent($$"""
            {"messageId":"{{messageId}}","conversationId":"{{conversationId}}","messageType":["urn:message:CodeTether.Contracts.Tasks:TaskCompleted"],
             "message":{"taskId":"{{TaskId}}","result":"done"} ,"headers":{"X-Probe":"yes"} }
            """));

        Assert.Equal(messageId, entry.MessageId);
        Assert.Equal(conversationId, entry.ConversationId);
        Assert.Equal(["urn:message:CodeTether.Contracts.Tasks:TaskCompleted"], entry.MessageTypes);
        Assert.Equal(TaskId, entry.Body.GetProperty("taskId").GetGuid());
        Assert.Equal("yes", entry.Headers["X-Probe"]);
        Assert.Equal("00-abc-def-01", entry.Headers["traceparent"]);
        Assert.Equal("tasks", entry.Service);
    }

    [Fact]
    public void A_body_that_is_not_an_envelope_is_kept_whole_with_the_transports_ids()
    {
        var sent = Sent("""{"taskId":"x"}""");

        var entry = JournalEntry.From(sent);

        Assert.Equal(sent.MessageId, entry.MessageId);
        Assert.Equal("x", entry.Body.GetProperty("taskId").GetString());
    }

    [Fact]
    public void A_summary_names_the_bodys_values_except_the_ids_every_task_message_carries_and_cuts_long_ones()
    {
        var body = JsonSerializer.SerializeToElement(new { taskId = TaskId, tenantId = Guid.NewGuid(), error = new string('x', 500), turn = 2, question = (string?)null });

        var summary = TaskEventsApi.Summarize(body);

        Assert.StartsWith("error=xxx", summary);
        Assert.EndsWith("…, turn=2", summary);
        Assert.DoesNotContain("taskId", summary);
        Assert.DoesNotContain("question", summary);
    }

    [Fact]
    public void The_short_type_is_the_last_part_of_the_urn() =>
        Assert.Equal("TaskCompleted", JournalEntry.ShortType("urn:message:CodeTether.Contracts.Tasks:TaskCompleted"));
}
