using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CodeTether.Billing.Usage;

/// <summary>A calendar month in UTC, written <c>YYYY-MM</c>: usage, costs and limits are counted per month.</summary>
public readonly record struct BillingMonth(int Year, int Month)
{
    public static BillingMonth Of(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return new BillingMonth(utc.Year, utc.Month);
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out BillingMonth? month)
    {
        month = DateTime.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? new BillingMonth(parsed.Year, parsed.Month)
            : null;
        return month is not null;
    }

    public override string ToString() => $"{Year:D4}-{Month:D2}";
}
