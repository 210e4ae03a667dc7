using CodeTether.Contracts.Agents;
using CodeTether.Workers.Codebases;
using CodeTether.Workers.Data;
using CodeTether.Workers.Models;
using MassTransit;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CodeTether.Workers.Agents;

/// <summary>
/// Presents this worker process to the registry. At start it loads the codebases registered for its agent and announces
/// every codebase it has (<see cref="CodebaseRegistered"/>, for the tasks service); then it publishes an
/// <see cref="AgentHeartbeat"/> at once and every <c>Worker:HeartbeatInterval</c>; when the process stops gracefully it
/// publishes <see cref="WorkerLeft"/>, so it is offline at once. Registered after the bus, so it stops before it.
/// </summary>
public sealed class AgentHeartbeats(IBus bus, WorkerIdentity worker, LocalCodebases codebases, ModelCatalog models,
    RunningAgents running, IServiceScopeFactory scopes, IServer server, IHostApplicationLifetime lifetime,
    IOptions<WorkerOptions> options, TimeProvider clock, ILogger<AgentHeartbeats> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await LoadRegisteredCodebasesAsync(stoppingToken);
        await StartedAsync(stoppingToken);
        foreach (var codebase in codebases.All)
            await bus.Publish(new CodebaseRegistered
            {
                CodebaseId = codebase.Id,
                AgentName = worker.AgentName,
                Name = codebase.Name,
                Path = codebase.Path,
                RegisteredAt = clock.GetUtcNow(),
            }, stoppingToken);

        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval);
        do
        {
            try
            {
                await bus.Publish(Heartbeat(), stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not publish the heartbeat of worker {WorkerId}", worker.Id);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await bus.Publish(new WorkerLeft { WorkerId = worker.Id, AgentName = worker.AgentName, LeftAt = clock.GetUtcNow() }, cancellationToken);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not say that worker {WorkerId} left; it goes offline when its heartbeats lapse", worker.Id);
        }
    }

    private AgentHeartbeat Heartbeat() => new()
    {
        WorkerId = worker.Id,
        AgentName = worker.AgentName,
        Description = options.Value.Description,
        Url = options.Value.Url ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(),
        Streaming = false,
        Models = [.. models.Available.Select(m => m.ModelRef).Distinct()],
        Codebases = [.. codebases.All.Select(c => new AgentCodebase(c.Id, c.Name, c.Path, c.TestCommand))],
        Capacity = options.Value.Concurrency,
        Running = running.Count,
        SentAt = clock.GetUtcNow(),
    };

    private async Task LoadRegisteredCodebasesAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkersDbContext>();
        foreach (var codebase in await db.Codebases.AsNoTracking().Where(c => c.AgentName == worker.AgentName && c.Registered).ToListAsync(cancellationToken))
            codebases.Add(new LocalCodebase(codebase.Id, codebase.Name, codebase.Path, codebase.TestCommand));
    }

    /// <summary>Until the server listens, its address is unknown.</summary>
    private async Task StartedAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(cancellationToken);
    }
}
