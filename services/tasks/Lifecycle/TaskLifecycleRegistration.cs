using CodeTether.ServiceDefaults;
using CodeTether.ServiceDefaults.Persistence;
using CodeTether.Tasks.Data;
using MassTransit;

namespace CodeTether.Tasks.Lifecycle;

public static class TaskLifecycleRegistration
{
    /// <summary>The TaskLifecycle saga, its state in the tasks database with optimistic concurrency.</summary>
    public static void AddTaskLifecycle(this IBusRegistrationConfigurator bus) =>
        bus.AddSagaStateMachine<TaskLifecycle, TaskLifecycleState>().EntityFrameworkRepository(r =>
        {
            r.ConcurrencyMode = ConcurrencyMode.Optimistic;
            r.ExistingDbContext<TasksDbContext>();
        });

    /// <summary>The task counters and queue time of <see cref="CodeTetherMetrics"/>, counted from the lifecycle events.</summary>
    public static void AddTaskMetrics(this IBusRegistrationConfigurator bus) => bus.AddConsumer<TaskMetricsConsumer>();
}
