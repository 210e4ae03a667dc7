using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CodeTether.ServiceDefaults.Persistence;

/// <summary>
/// A message that lost a race for a row — a saga instance updated since it was loaded (version check), or inserted by
/// another message first (unique key) — is run again from the start, with the row as it is now. Whoever owns the
/// transaction retries: the saga repository when it runs alone, an endpoint retry in front of the outbox otherwise.
/// Jittered exponential back-off, so that the messages racing for one instance spread out.
/// </summary>
internal static class ConcurrencyConflicts
{
    const int RetryLimit = 20;
    static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(10);
    static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(1);
    static readonly TimeSpan IntervalDelta = TimeSpan.FromMilliseconds(20);

    public static readonly IRetryPolicy RetryPolicy =
        Retry.Exponential(Retry.Filter<Exception>(IsConflict), RetryLimit, MinInterval, MaxInterval, IntervalDelta);

    public static void Configure(IRetryConfigurator retry)
    {
        retry.Handle<Exception>(IsConflict);
        retry.Exponential(RetryLimit, MinInterval, MaxInterval, IntervalDelta);
    }

    public static bool IsConflict(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbUpdateConcurrencyException or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
                return true;
        }
        return false;
    }
}
