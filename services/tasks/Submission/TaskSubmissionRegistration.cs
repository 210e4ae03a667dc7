using CodeTether.Contracts.Tasks;
using MassTransit;

namespace CodeTether.Tasks.Submission;

public static class TaskSubmissionRegistration
{
    /// <summary>The <see cref="SubmitTask"/> command's consumer, on the queue senders address (<see cref="SubmitTask.QueueName"/>).</summary>
    public static void AddTaskSubmission(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<SubmitTaskConsumer>().Endpoint(e => e.Name = SubmitTask.QueueName);
}
