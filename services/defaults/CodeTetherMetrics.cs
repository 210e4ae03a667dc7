using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CodeTether.ServiceDefaults;

/// <summary>
/// The platform's own instruments, all on the <c>CodeTether</c> meter (docs/telemetry.md). Tags are few-valued and never
/// name a tenant. Each instrument is recorded in one place: the task counters by the tasks service's TaskMetricsConsumer
/// (once per lifecycle event), webhook attempts by the webhooks service's sender, refusals by the gateway's rate limiter,
/// queue depths by <see cref="QueueDepthMonitor"/> in every service.
/// </summary>
public sealed class CodeTetherMetrics
{
    public const string MeterName = "CodeTether";

    private readonly Meter meter;
    private readonly Counter<long> tasksCreated;
    private readonly Counter<long> tasksCompleted;
    private readonly Counter<long> tasksFailed;
    private readonly Counter<long> tasksCancelled;
    private readonly Histogram<double> queueTime;
    private readonly Histogram<double> webhookDuration;
    private readonly Counter<long> webhookFailures;
    private readonly Counter<long> rateLimited;

    public CodeTetherMetrics(IMeterFactory meterFactory)
    {
        meter = meterFactory.Create(MeterName);
        tasksCreated = meter.CreateCounter<long>("codetether.tasks.created", "{task}", "Tasks created, by the API or a cron job.");
        tasksCompleted = meter.CreateCounter<long>("codetether.tasks.completed", "{task}", "Tasks that reached completed.");
        tasksFailed = meter.CreateCounter<long>("codetether.tasks.failed", "{task}", "Tasks that reached failed (an agent error or a timeout).");
        tasksCancelled = meter.CreateCounter<long>("codetether.tasks.cancelled", "{task}", "Tasks that reached cancelled.");
        queueTime = meter.CreateHistogram("codetether.tasks.queue_time", "s", "From a task's creation to a worker starting it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] });
        webhookDuration = meter.CreateHistogram("codetether.webhooks.delivery.duration", "s", "One webhook delivery attempt, from request to response headers.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15] });
        webhookFailures = meter.CreateCounter<long>("codetether.webhooks.delivery.failures", "{attempt}",
            "Webhook delivery attempts that failed (an error status, no answer, or a refused address); most are retried.");
        rateLimited = meter.CreateCounter<long>("codetether.gateway.rate_limited", "{request}", "Requests the gateway refused with 429.");
    }

    public void TaskCreated(string agentType, string model) => tasksCreated.Add(1, TaskTags(agentType, model));

    public void TaskStarted(string agentType, string model, TimeSpan queued) =>
        queueTime.Record(Math.Max(0, queued.TotalSeconds), TaskTags(agentType, model));

    public void TaskCompleted(string agentType, string model) => tasksCompleted.Add(1, TaskTags(agentType, model));

    public void TaskFailed(string agentType, string model) => tasksFailed.Add(1, TaskTags(agentType, model));

    public void TaskCancelled(string agentType, string model) => tasksCancelled.Add(1, TaskTags(agentType, model));

    /// <param name="eventName">The delivered event, e.g. <c>task.completed</c>.</param>
    /// <param name="errorType">Null for a 2xx answer; else the status code (<c>500</c>), <c>timeout</c>, <c>refused</c> or <c>connection</c>.</param>
    public void WebhookAttempt(string eventName, TimeSpan duration, string? errorType)
    {
        webhookDuration.Record(duration.TotalSeconds, new("event", eventName), new("outcome", errorType is null ? "success" : "failure"));
        if (errorType is not null)
            webhookFailures.Add(1, new("event", eventName), new("error.type", errorType));
    }

    /// <param name="plan">The caller's plan: <c>free</c>, <c>pro</c>, <c>enterprise</c>.</param>
    /// <param name="caller"><c>api_key</c> or <c>oauth</c>.</param>
    public void RateLimited(string plan, string caller) => rateLimited.Add(1, new("plan", plan), new("caller", caller));

    /// <summary>The <c>codetether.queue.depth</c> gauge: messages ready in each queue, tagged <c>queue</c>.</summary>
    public void ObserveQueueDepths(Func<IEnumerable<Measurement<long>>> observe) =>
        meter.CreateObservableGauge("codetether.queue.depth", observe, "{message}", "Messages waiting (ready) in the service's RabbitMQ queues.");

    private static TagList TaskTags(string agentType, string model) => new() { { "agent_type", agentType }, { "model", model } };
}

public static class CodeTetherMetricsRegistration
{
    public static IServiceCollection AddCodeTetherMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<CodeTetherMetrics>();
        return services;
    }
}
