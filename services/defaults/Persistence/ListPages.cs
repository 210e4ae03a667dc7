using System.Data;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.ServiceDefaults.Persistence;

public static class ListPages
{
    /// <summary>
    /// How many rows match and one page of them, read in one REPEATABLE READ transaction: PostgreSQL answers both queries from
    /// the same snapshot, so a row written between them cannot be in the page but missing from the total, or the other way round.
    /// </summary>
    public static async Task<(List<TRow> Page, int Total)> CountAndPageAsync<T, TRow>(this DbContext db, IQueryable<T> matching,
        Func<IQueryable<T>, IQueryable<TRow>> page, CancellationToken cancellationToken)
    {
        await using var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var total = await matching.CountAsync(cancellationToken);
        var rows = await page(matching).ToListAsync(cancellationToken);
        await snapshot.CommitAsync(cancellationToken);
        return (rows, total);
    }
}
