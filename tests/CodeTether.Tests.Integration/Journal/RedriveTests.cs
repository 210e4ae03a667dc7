using CodeTether.Tasks.Journal;
using CodeTether.Testing;
using CodeTether.Tests.Integration.Persistence;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace CodeTether.Tests.Integration.Journal;

/// <summary>A message that failed into its <c>_error</c> queue, listed with its reason and moved back once the cause is fixed.</summary>
public class RedriveTests
{
    [Fact]
    public async Task A_redriven_message_succeeds_after_its_cause_is_fixed()
    {
        await using var database = await TestInfrastructure.CreateDatabaseAsync("redrive");
        await using var vhost = await TestInfrastructure.CreateVirtualHostAsync("redrive");
        var inbox = new FlakyInbox();
        await using var host = await PersistenceTestHost.StartAsync(database.ConnectionString, vhost.Address,
            bus => bus.AddConsumer<FlakyInboxConsumer>().Endpoint(e => e.Name = "flaky-inbox"),
            services => services.AddSingleton(inbox));
        var errors = new ErrorQueues(vhost.Address, TestInfrastructure.RabbitMqManagement);

        var messageId = NewId.NextGuid();
        await (await host.EndpointAsync("flaky-inbox")).Send(new FlakyMessage("hello"), c => c.MessageId = messageId);

        IReadOnlyList<ErrorQueue> listed = [];
        await PersistenceTestHost.EventuallyAsync(async () =>
        {
            listed = await errors.ListAsync(null, CancellationToken.None);
            return listed.Any(q => q.Messages.Count == 1);
        }, "the failed message is in flaky-inbox_error");
        var queue = Assert.Single(listed);
        Assert.Equal("flaky-inbox_error", queue.Queue);
        Assert.Equal("flaky-inbox", queue.OriginalQueue);
        var failed = Assert.Single(queue.Messages);
        Assert.Equal(messageId.ToString(), failed.MessageId);
        Assert.Equal("The mailbox is not ready", failed.FaultReason);

        inbox.Ready = true;
        var redriven = await errors.RedriveAsync("flaky-inbox", messageId.ToString(), CancellationToken.None);

        Assert.Equal(1, redriven.Count);
        await PersistenceTestHost.EventuallyAsync(() => inbox.Received.Contains("hello"), "the redriven message is consumed");
        Assert.Empty(Assert.Single(await errors.ListAsync("flaky-inbox", CancellationToken.None)).Messages);
    }
}

public sealed record FlakyMessage(string Text);

public sealed class FlakyInbox
{
    public volatile bool Ready;
    public readonly System.Collections.Concurrent.ConcurrentBag<string> Received = [];
}

public sealed class FlakyInboxConsumer(FlakyInbox inbox) : IConsumer<FlakyMessage>
{
    public Task Consume(ConsumeContext<FlakyMessage> context)
    {
        if (!inbox.Ready)
            throw new InvalidOperationException("The mailbox is not ready");
        inbox.Received.Add(context.Message.Text);
        return Task.CompletedTask;
    }
}
