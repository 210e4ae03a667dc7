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
}
