using CodeTether.Contracts.Tasks;
using MassTransit;
using Microsoft.Extensions.Options;

namespace CodeTether.Workers.Agents;

/// <summary>
/// Holds a process to <c>Worker:Concurrency</c> tasks at once across both queues it takes tasks from (the pool and its
/// agent's own), each of which on its own would allow that many.
/// </summary>
public sealed class WorkerCapacity(IOptions<WorkerOptions> options) : IFilter<ConsumeContext<RunTask>>
{
    private readonly SemaphoreSlim slots = new(options.Value.Concurrency);

    public async Task Send(ConsumeContext<RunTask> context, IPipe<ConsumeContext<RunTask>> next)
    {
        await slots.WaitAsync(context.CancellationToken);
        try
        {
            await next.Send(context);
        }
        finally
        {
            slots.Release();
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("worker-capacity");
}
