using Cronos;

namespace CodeTether.Scheduler.CronJobs;

/// <summary>
/// A parsed cron expression in its IANA time zone. Occurrences are computed in local time and returned in UTC, so on
/// daylight-saving days a local time that does not exist (spring forward) fires once, at the instant the clocks jump
/// (03:00 for a 02:30 job), and one that exists twice (fall back) fires once, at its first instance.
/// </summary>
public sealed class CronSchedule
{
    private readonly CronExpression expression;

    private CronSchedule(CronExpression expression, TimeZoneInfo zone)
    {
        this.expression = expression;
        Zone = zone;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>Parses a 5-field (minute precision) or 6-field (leading seconds) expression and an IANA time zone (default UTC).</summary>
    public static CronSchedule? TryParse(string? cronExpression, string? timeZone, out Dictionary<string, string[]> errors)
    {
        errors = [];
        CronExpression? expression = null;
        var text = cronExpression?.Trim();
        if (string.IsNullOrEmpty(text))
            errors["cron_expression"] = ["A cron expression is required, for example '0 9 * * 1-5'."];
        else
        {
            var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            var format = text.StartsWith('@') ? CronFormat.Standard
                : fields == 5 ? CronFormat.Standard
                : fields == 6 ? CronFormat.IncludeSeconds
                : (CronFormat?)null;
            if (format is null)
                errors["cron_expression"] = [$"'{text}' has {fields} field(s): use 5 (minute hour day-of-month month day-of-week) or 6 (with seconds first)."];
            else
            {
                try
                {
                    expression = CronExpression.Parse(text, format.Value);
                }
                catch (CronFormatException e)
                {
                    errors["cron_expression"] = [$"'{text}' is not a valid cron expression: {e.Message}"];
                }
            }
        }

        var zone = TryFindZone(timeZone, errors);
        if (expression is null || zone is null)
            return null;
        var schedule = new CronSchedule(expression, zone);
        if (schedule.NextAfter(DateTimeOffset.UtcNow) is null)
        {
            errors["cron_expression"] = [$"'{text}' never fires (no date matches it)."];
            return null;
        }
        return schedule;
    }

    private static TimeZoneInfo? TryFindZone(string? timeZone, Dictionary<string, string[]> errors)
    {
        var id = string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone.Trim();
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            errors["timezone"] = [$"Unknown time zone '{id}': use an IANA time zone name such as 'UTC' or 'America/New_York'."];
            return null;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, in UTC; null if there is none.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) =>
        expression.GetNextOccurrence(after.ToUniversalTime(), Zone)?.ToUniversalTime();

    /// <summary>The next <paramref name="count"/> occurrences after <paramref name="after"/>, in UTC.</summary>
    public IReadOnlyList<DateTimeOffset> Upcoming(DateTimeOffset after, int count)
    {
        var result = new List<DateTimeOffset>(count);
        var from = after;
        while (result.Count < count && NextAfter(from) is { } next)
        {
            result.Add(next);
            from = next;
        }
        return result;
    }

    /// <summary>A UTC instant as local time in this schedule's zone.</summary>
    public DateTimeOffset ToLocal(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);
}
