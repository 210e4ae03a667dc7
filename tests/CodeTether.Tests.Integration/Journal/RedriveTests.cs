using System.Diagnostics;
using System.Text.Json;
using CodeTether.Tasks.Journal;
using CodeTether.Testing;
using CodeTether.Tests.Integration.Persistence;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace CodeTether.Tests.Integration.Journal;

/// <summary>
/// A message that failed into its <c>_error</c> queue, listed with its reason and moved back once the cause is fixed, with
/// the operator commands run as a process, as an operator runs them.
/// </summary>
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
        var list = await AdminAsync(database, vhost, "errors", "list");
        Assert.Equal(0, list.ExitCode);
        var queue = Assert.Single(JsonDocument.Parse(list.Output).RootElement.GetProperty("queues").EnumerateArray());
        Assert.Equal("flaky-inbox_error", queue.GetProperty("queue").GetString());
        Assert.Equal("flaky-inbox", queue.GetProperty("original_queue").GetString());
        var failed = Assert.Single(queue.GetProperty("messages").EnumerateArray());
        Assert.Equal(messageId.ToString(), failed.GetProperty("message_id").GetString());
        Assert.Equal("The mailbox is not ready", failed.GetProperty("fault_reason").GetString());

        inbox.Ready = true;
        var redrive = await AdminAsync(database, vhost, "errors", "redrive", "--queue", "flaky-inbox", "--message-id", messageId.ToString());

        Assert.Equal(0, redrive.ExitCode);
        Assert.Equal(1, JsonDocument.Parse(redrive.Output).RootElement.GetProperty("count").GetInt32());
        await PersistenceTestHost.EventuallyAsync(() => inbox.Received.Contains("hello"), "the redriven message is consumed");
        Assert.Empty(Assert.Single(await errors.ListAsync("flaky-inbox", CancellationToken.None)).Messages);
    }

    private static async Task<(int ExitCode, string Output, string Error)> AdminAsync(IsolatedDatabase database, IsolatedVirtualHost vhost,
        params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__Postgres"] = database.ConnectionString,
                ["ConnectionStrings__RabbitMq"] = vhost.Address.ToString(),
                ["ConnectionStrings__RabbitMqManagement"] = TestInfrastructure.RabbitMqManagement.ToString(),
            },
        };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "CodeTether.Tasks.dll"), "admin", .. args])
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var result = (process.ExitCode, (await output).Trim(), await error);
        Assert.True(result.ExitCode == 0, $"admin {string.Join(' ', args)}: {result.Item3}");
        return result;
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
