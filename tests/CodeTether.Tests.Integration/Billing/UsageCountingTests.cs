using System.Collections.Concurrent;
using CodeTether.Billing.Data;
using CodeTether.Billing.Limits;
using CodeTether.Billing.Usage;
using CodeTether.Contracts.Billing;
using CodeTether.ServiceDefaults;
using CodeTether.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CodeTether.Tests.Integration.Billing;

/// <summary>The billing service's bus and database, wired as the service wires them, on a database and vhost of their own.</summary>
public sealed class UsageCountingTests : IAsyncLifetime
{
    private const string Model = "test:model";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private IsolatedDatabase database = null!;
    private IsolatedVirtualHost vhost = null!;
    private IHost host = null!;

    private IServiceProvider Services => host.Services;
    private ConcurrentBag<object> Announcements => Services.GetRequiredService<ConcurrentBag<object>>();

    public async Task InitializeAsync()
    {
        database = await TestInfrastructure.CreateDatabaseAsync("billing");
        vhost = await TestInfrastructure.CreateVirtualHostAsync("billing");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = vhost.Address.ToString(),
            ["Billing:Prices:0:Model"] = Model,
            ["Billing:Prices:0:InputPerMillion"] = "1.5",
            ["Billing:Prices:0:OutputPerMillion"] = "6",
        });
        builder.Services.AddSingleton<ConcurrentBag<object>>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddServiceDatabase<BillingDbContext>();
        builder.AddMessaging(bus =>
        {
            bus.AddTransactionalOutbox<BillingDbContext>();
            builder.AddUsageBilling(bus);
            bus.AddConsumer<AnnouncementRecorder>();
        });
        host = builder.Build();
        LogContext.ConfigureCurrentLogContext(host.Services.GetRequiredService<ILoggerFactory>());
        await host.StartAsync();
        await Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, Patience);
    }

    public async Task DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        await database.DisposeAsync();
        await vhost.DisposeAsync();
    }

    [Fact]
    public async Task A_thousand_usage_events_from_concurrent_publishers_with_duplicates_give_exact_totals()
    {
        Guid[] tenants = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        var random = new Random(42);
        var unique = Enumerable.Range(0, 800).Select(i => Usage(tenants[i % 3], random.Next(1, 5000), random.Next(1, 2000))).ToList();
        var republished = unique.Take(150).ToList();                            // the same usage published again (a replay)
        var redelivered = unique.Skip(150).Take(50).Select(u => (u, Guid.NewGuid())).ToList(); // the same message twice

        var bus = Services.GetRequiredService<IBus>();
        var sends = unique.Skip(200).Select(u => (Func<Task>)(() => bus.Publish(u)))
            .Concat(unique.Take(150).Select(u => (Func<Task>)(() => bus.Publish(u))))
            .Concat(republished.Select(u => (Func<Task>)(() => bus.Publish(u))))
            .Concat(redelivered.SelectMany(r => Enumerable.Repeat((Func<Task>)(() => bus.Publish(r.u, c => c.MessageId = r.Item2)), 2)))
            .OrderBy(_ => random.Next()).ToList();
        Assert.Equal(1000, sends.Count);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
        {
            foreach (var send in sends.Where((_, i) => i % 4 == p))
                await send();
        })));

        await EventuallyAsync(async () => await CountAsync() == 800, "all 800 distinct usages recorded");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(800, await CountAsync());

        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BillingDbContext>();
        foreach (var tenant in tenants)
        {
            var expected = unique.Where(u => u.TenantId == tenant).ToList();
            var report = await UsageReport.ForAsync(db, tenant, BillingMonth.Of(DateTimeOffset.UtcNow), CancellationToken.None);
            Assert.Equal(expected.Count, report.TotalRequests);
            Assert.Equal(expected.Sum(u => u.InputTokens), report.InputTokens);
            Assert.Equal(expected.Sum(u => u.OutputTokens), report.OutputTokens);
            Assert.Equal(expected.Sum(u => u.InputTokens + u.OutputTokens), report.TotalTokens);
            Assert.Equal(expected.Sum(u => u.InputTokens * 1.5m / 1_000_000m + u.OutputTokens * 6m / 1_000_000m), report.TotalCost);
            Assert.Empty(report.UnpricedModels);
            var spending = await db.Spending.AsNoTracking().SingleAsync(s => s.TenantId == tenant);
            Assert.Equal(report.TotalCost, spending.CostIn(BillingMonth.Of(DateTimeOffset.UtcNow)));
        }
    }

    [Fact]
    public async Task The_limit_is_announced_once_when_reached_and_once_when_raised()
    {
        var tenant = Guid.NewGuid();
        await SetLimitAsync(tenant, 0.01m);                            // 1,000 output tokens cost 0.006
        var bus = Services.GetRequiredService<IBus>();

        await bus.Publish(Usage(tenant, 0, 1000));
        await EventuallyAsync(async () => await CountAsync() == 1, "the first usage recorded");
        Assert.Empty(Announcements);

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => bus.Publish(Usage(tenant, 0, 1000))));
        await EventuallyAsync(async () => await CountAsync() == 6, "all usage recorded");
        await EventuallyAsync(() => Task.FromResult(Announcements.OfType<SpendingLimitReached>().Any()), "the limit announced");
        var reached = Assert.Single(Announcements.OfType<SpendingLimitReached>());
        Assert.Equal(tenant, reached.TenantId);
        Assert.Equal(BillingMonth.Of(DateTimeOffset.UtcNow).ToString(), reached.Month);
        Assert.True(reached.TotalCost >= 0.01m);

        await SetLimitAsync(tenant, 1m);
        await EventuallyAsync(() => Task.FromResult(Announcements.OfType<SpendingLimitLifted>().Any()), "the limit lifted");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(Announcements.OfType<SpendingLimitReached>());
        Assert.Single(Announcements.OfType<SpendingLimitLifted>());
    }

    [Fact]
    public async Task Usage_of_a_model_without_a_price_counts_at_zero_and_is_flagged()
    {
        var tenant = Guid.NewGuid();
        await Services.GetRequiredService<IBus>().Publish(Usage(tenant, 100, 100) with { Model = "acme:unknown" });
        await EventuallyAsync(async () => await CountAsync() == 1, "the usage recorded");

        await using var scope = Services.CreateAsyncScope();
        var report = await UsageReport.ForAsync(scope.ServiceProvider.GetRequiredService<BillingDbContext>(), tenant,
            BillingMonth.Of(DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.Equal(200, report.TotalTokens);
        Assert.Equal(0m, report.TotalCost);
        Assert.Equal(["acme:unknown"], report.UnpricedModels);
    }

    private static UsageRecorded Usage(Guid tenant, long input, long output) => new()
    {
        UsageId = NewId.NextGuid(), TenantId = tenant, TaskId = Guid.NewGuid(), Model = Model,
        InputTokens = input, OutputTokens = output, RecordedAt = DateTimeOffset.UtcNow,
    };

    private async Task SetLimitAsync(Guid tenant, decimal limit)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SpendingLimits>().SetLimitAsync(tenant, limit, CancellationToken.None);
    }

    private async Task<int> CountAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BillingDbContext>().Usage.CountAsync();
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Not within {Patience}: {what}.");
            await Task.Delay(100);
        }
    }

    private sealed class AnnouncementRecorder(ConcurrentBag<object> announcements) : IConsumer<SpendingLimitReached>, IConsumer<SpendingLimitLifted>
    {
        public Task Consume(ConsumeContext<SpendingLimitReached> context) => Record(context.Message);
        public Task Consume(ConsumeContext<SpendingLimitLifted> context) => Record(context.Message);

        private Task Record(object message)
        {
            announcements.Add(message);
            return Task.CompletedTask;
        }
    }
}
