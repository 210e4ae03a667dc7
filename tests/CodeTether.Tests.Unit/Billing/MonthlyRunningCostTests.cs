using CodeTether.Billing.Data;
using CodeTether.Billing.Usage;

namespace CodeTether.Tests.Unit.Billing;

public class MonthlyRunningCostTests
{
    private static readonly BillingMonth October = new(2026, 10), November = new(2026, 11);

    [Fact]
    public void Costs_of_one_month_add_up_and_a_new_month_starts_from_its_first_call()
    {
        var spending = new TenantSpending();
        spending.Count(October, 1.5m);
        spending.Count(October, 2m);
        Assert.Equal(3.5m, spending.CostIn(October));

        spending.Count(November, 0.25m);
        Assert.Equal(0.25m, spending.CostIn(November));
        Assert.Equal(0m, spending.CostIn(October));
    }

    [Fact]
    public void A_late_call_of_an_earlier_month_leaves_the_current_total_alone()
    {
        var spending = new TenantSpending();
        spending.Count(November, 1m);
        spending.Count(October, 5m);
        Assert.Equal(1m, spending.CostIn(November));
    }
}
