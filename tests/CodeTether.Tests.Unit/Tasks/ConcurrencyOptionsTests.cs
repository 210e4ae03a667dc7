using CodeTether.Tasks.Dispatch;

namespace CodeTether.Tests.Unit.Tasks;

public sealed class ConcurrencyOptionsTests
{
    [Theory]
    [InlineData("free", 5)]
    [InlineData("Pro", 25)]
    [InlineData(null, 5)]
    public void The_plans_limit_running_tasks_as_the_zapier_document_says(string? plan, int limit) =>
        Assert.Equal(limit, new ConcurrencyOptions().LimitFor(plan));

    [Fact]
    public void Enterprise_and_plans_set_to_zero_are_unlimited()
    {
        var options = new ConcurrencyOptions();
        options.ByPlan["pro"] = 0;

        Assert.Null(options.LimitFor("enterprise"));
        Assert.Null(options.LimitFor("pro"));
    }

    [Theory]
    [InlineData(-3, 0)]
    [InlineData(0, 0)]
    [InlineData(5, 5)]
    [InlineData(100, 9)]
    public void Task_priorities_become_rabbitmq_priorities_from_0_to_9(int priority, byte messagePriority) =>
        Assert.Equal(messagePriority, CodeTether.Contracts.Tasks.RunTask.MessagePriority(priority));
}
