using CodeTether.Contracts.Tasks;
using CodeTether.Tasks.Conversations;
using CodeTether.Testing;

namespace CodeTether.Tests.Integration.Tasks;

public class ConversationHistoryTests
{
    [Fact]
    public async Task A_task_carries_the_latest_messages_that_fit_starting_with_a_users()
    {
        await using var database = await TestInfrastructure.CreateDatabaseAsync("history");
        await using var db = await TasksDatabase.OpenMigratedAsync(database);
        var (tenant, now) = (Guid.NewGuid(), DateTimeOffset.UtcNow);
        await ConversationLog.JoinAsync(db, tenant, "long", now, CancellationToken.None);
        string[] contents = ["first question", "first answer", "second question", "second answer, long", "third question", "third answer"];
        db.ConversationEntries.AddRange(contents.Select((content, i) => new ConversationEntry
        {
            TenantId = tenant, ConversationId = "long", Position = i + 1, Content = content, TaskId = Guid.NewGuid(), CreatedAt = now,
            Role = i % 2 == 0 ? ConversationMessage.User : ConversationMessage.Assistant,
        }));
        await db.SaveChangesAsync();

        async Task<IEnumerable<string>> HistoryAsync(int maxCharacters) =>
            (await ConversationLog.HistoryAsync(db, tenant, "long", maxCharacters, CancellationToken.None)).Select(m => m.Content);

        Assert.Equal(contents, await HistoryAsync(1_000));
        Assert.Equal(contents[2..], await HistoryAsync(contents[2..].Sum(c => c.Length)));
        // One character less leaves "second question" out, and then "second answer, long" is not a user's: the window opens on "third question".
        Assert.Equal(contents[4..], await HistoryAsync(contents[2..].Sum(c => c.Length) - 1));
        Assert.Empty(await HistoryAsync(5));
    }
}
