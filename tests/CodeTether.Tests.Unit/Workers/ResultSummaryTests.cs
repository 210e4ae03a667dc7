using CodeTether.Workers.Agents;

namespace CodeTether.Tests.Unit.Workers;

public class ResultSummaryTests
{
    [Fact]
    public void A_short_result_is_its_own_summary() => Assert.Equal("All good.", ResultSummary.Of("  All good.\n"));

    [Fact]
    public void The_summary_is_the_first_paragraph_on_one_line() =>
        Assert.Equal("Analyzed 2,847 reviews. Overall sentiment: 72% positive.",
            ResultSummary.Of("Analyzed 2,847 reviews.\nOverall sentiment: 72% positive.\n\n## Themes\n- price"));

    [Fact]
    public void A_long_paragraph_is_cut_at_a_word_boundary()
    {
        var summary = ResultSummary.Of(string.Join(' ', Enumerable.Repeat("sentiment", 100)));
        Assert.True(summary.Length <= ResultSummary.MaxLength);
        Assert.EndsWith("sentiment…", summary);
    }
}
