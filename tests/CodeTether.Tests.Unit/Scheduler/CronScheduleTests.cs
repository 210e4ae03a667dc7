using System.Text.Json;
using CodeTether.Scheduler.CronJobs;

namespace CodeTether.Tests.Unit.Scheduler;

/// <summary>Cron occurrences as the scheduler computes them, with a fixed clock, across daylight-saving changes.</summary>
public class CronScheduleTests
{
    private static CronSchedule Parse(string expression, string? timeZone = null)
    {
        var schedule = CronSchedule.TryParse(expression, timeZone, out var errors);
        Assert.True(schedule is not null, string.Join("; ", errors.SelectMany(e => e.Value)));
        return schedule;
    }

    /// <summary>Every occurrence from <paramref name="from"/> to <paramref name="to"/>, as the firing loop would see them with a clock that jumps to each one.</summary>
    private static List<DateTimeOffset> Fire(CronSchedule schedule, DateTimeOffset from, DateTimeOffset to)
    {
        var clock = new CronTestClock(from);
        var fired = new List<DateTimeOffset>();
        var next = schedule.NextAfter(clock.GetUtcNow());
        while (next is { } due && due <= to)
        {
            clock.Set(due);                        // the scheduler wakes at (or after) the due time
            fired.Add(due);
            next = schedule.NextAfter(clock.GetUtcNow());
        }
        return fired;
    }

    [Theory]
    [InlineData("America/New_York", "2026-03-06", "2026-03-11", "2026-03-08", "2026-03-08T07:00:00Z")] // spring forward: 02:30 does not exist, fires when the clocks jump (03:00 EDT)
    [InlineData("America/New_York", "2026-10-30", "2026-11-04", "2026-11-01", "2026-11-01T07:30:00Z")] // fall back: 02:30 EST, once
    [InlineData("Europe/Berlin", "2026-03-27", "2026-04-01", "2026-03-29", "2026-03-29T01:00:00Z")]    // spring forward: fires when the clocks jump (03:00 CEST)
    [InlineData("Europe/Berlin", "2026-10-23", "2026-10-28", "2026-10-25", "2026-10-25T00:30:00Z")]    // fall back: 02:30 happens twice, fires once (CEST)
    public void A_daily_0230_job_fires_exactly_once_per_local_day_across_a_daylight_saving_change(
        string zoneId, string fromDay, string toDay, string changeDay, string expectedOnChangeDay)
    {
        var schedule = Parse("30 2 * * *", zoneId);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var from = new DateTimeOffset(DateTime.Parse(fromDay), zone.GetUtcOffset(DateTime.Parse(fromDay)));
        var to = new DateTimeOffset(DateTime.Parse(toDay), zone.GetUtcOffset(DateTime.Parse(toDay)));

        var fired = Fire(schedule, from, to);

        var localDays = fired.Select(t => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, zone).DateTime)).ToList();
        Assert.Equal(localDays.Distinct().Count(), localDays.Count);
        Assert.Equal((DateTime.Parse(toDay) - DateTime.Parse(fromDay)).Days, fired.Count);
        var onChangeDay = Assert.Single(fired, t => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, zone).DateTime) == DateOnly.Parse(changeDay));
        Assert.Equal(DateTimeOffset.Parse(expectedOnChangeDay), onChangeDay);
        Assert.All(fired, t => Assert.Equal(TimeSpan.Zero, t.Offset));
    }

    [Fact]
    public void An_ambiguous_local_time_on_the_fall_back_day_fires_once()
    {
        // New York repeats 01:00–02:00 on 2026-11-01: 01:30 EDT (05:30Z) and 01:30 EST (06:30Z).
        var fired = Fire(Parse("30 1 * * *", "America/New_York"),
            DateTimeOffset.Parse("2026-10-31T12:00:00Z"), DateTimeOffset.Parse("2026-11-02T12:00:00Z"));

        Assert.Equal([DateTimeOffset.Parse("2026-11-01T05:30:00Z"), DateTimeOffset.Parse("2026-11-02T06:30:00Z")], fired);
    }

    [Fact]
    public void The_zapier_example_fires_at_nine_new_york_time_on_weekdays()
    {
        var schedule = Parse("0 9 * * 1-5", "America/New_York");

        var next = schedule.Upcoming(DateTimeOffset.Parse("2026-11-20T15:00:00Z"), 5); // Friday 10:00 EST

        Assert.Equal(
        [
            DateTimeOffset.Parse("2026-11-23T14:00:00Z"), DateTimeOffset.Parse("2026-11-24T14:00:00Z"),
            DateTimeOffset.Parse("2026-11-25T14:00:00Z"), DateTimeOffset.Parse("2026-11-26T14:00:00Z"),
            DateTimeOffset.Parse("2026-11-27T14:00:00Z"),
        ], next);
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T09:00:00-05:00"), schedule.ToLocal(next[0]));
    }

    [Fact]
    public void Six_field_expressions_have_seconds_first()
    {
        var schedule = Parse("*/2 * * * * *");

        var next = schedule.Upcoming(DateTimeOffset.Parse("2026-11-23T12:00:00.5Z"), 3);

        Assert.Equal([DateTimeOffset.Parse("2026-11-23T12:00:02Z"), DateTimeOffset.Parse("2026-11-23T12:00:04Z"),
            DateTimeOffset.Parse("2026-11-23T12:00:06Z")], next);
    }

    [Fact]
    public void Five_field_expressions_have_minute_precision_and_utc_is_the_default_zone()
    {
        var schedule = Parse("15 * * * *");

        Assert.Equal("UTC", schedule.Zone.Id);
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T13:15:00Z"), schedule.NextAfter(DateTimeOffset.Parse("2026-11-23T12:15:00Z")));
    }

    [Fact]
    public void Occurrences_missed_while_down_give_one_next_fire_time_after_now()
    {
        // The scheduler computes the next fire time from now, not from the missed one: a job due at 09:00 that the
        // scheduler sees at 12:34 fires once (for 09:00) and is next due at 13:00.
        var schedule = Parse("0 * * * *");
        var missed = DateTimeOffset.Parse("2026-11-23T09:00:00Z");
        var now = DateTimeOffset.Parse("2026-11-23T12:34:00Z");

        Assert.True(missed <= now);
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T13:00:00Z"), schedule.NextAfter(now));
    }

    [Theory]
    [InlineData("* * * *", "cron_expression", "4 field(s)")]
    [InlineData("0 0 * * * * *", "cron_expression", "7 field(s)")]
    [InlineData("61 * * * *", "cron_expression", "not a valid cron expression")]
    [InlineData("0 9 * * MON-XYZ", "cron_expression", "not a valid cron expression")]
    [InlineData("", "cron_expression", "required")]
    [InlineData("0 0 30 2 *", "cron_expression", "never fires")]
    public void Invalid_expressions_are_refused_with_a_message_that_says_why(string expression, string field, string message)
    {
        Assert.Null(CronSchedule.TryParse(expression, "UTC", out var errors));
        Assert.Contains(message, Assert.Single(errors[field]));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("America/NewYork")]
    public void Unknown_time_zones_are_refused(string zone)
    {
        Assert.Null(CronSchedule.TryParse("0 9 * * *", zone, out var errors));
        Assert.Contains($"Unknown time zone '{zone}'", Assert.Single(errors["timezone"]));
        Assert.False(errors.ContainsKey("cron_expression"));
    }

    [Fact]
    public void A_text_template_gives_the_first_line_as_title_and_the_whole_text_as_description()
    {
        var text = "\nReview all PRs merged in the last 24 hours\nand list the risky ones.";
        var template = CronTaskTemplate.TryParse(JsonSerializer.SerializeToElement(text), [])!;

        Assert.Equal("Review all PRs merged in the last 24 hours", template.Title);
        Assert.Equal(text, template.Description);
        Assert.Equal(200, CronTaskTemplate.TitleFrom(new string('x', 500)).Length);
    }

    [Fact]
    public void An_object_template_is_checked_field_by_field()
    {
        var errors = new Dictionary<string, string[]>();
        var template = CronTaskTemplate.TryParse(JsonSerializer.SerializeToElement(new
        {
            title = "Nightly build", agent_type = "wizard", priority = "high", webhook_url = "ftp://x",
        }), errors);

        Assert.Null(template);
        Assert.Equal(["task_template.agent_type", "task_template.priority", "task_template.webhook_url"], errors.Keys.Order());

        var valid = CronTaskTemplate.TryParse(JsonSerializer.SerializeToElement(new
        {
            title = "Nightly build", description = "Build and report", agent_type = "build", model = "simulator", priority = 3,
        }), [])!;
        Assert.Equal(new CronTaskTemplate("Nightly build", "Build and report", "build", "simulator", 3, null, null), valid);
    }
}

/// <summary>A clock the test moves.</summary>
internal sealed class CronTestClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset now = now;
    public void Set(DateTimeOffset value) => now = value;
    public override DateTimeOffset GetUtcNow() => now;
}
