using CodeTether.ServiceDefaults.Persistence;
using CodeTether.Testing;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Tests.Integration.Persistence;

/// <summary>A list's total and its page agree even when a row is written between the two queries.</summary>
public sealed class ListPagesTests : IAsyncLifetime
{
    private IsolatedDatabase database = null!;

    public async Task InitializeAsync()
    {
        database = await TestInfrastructure.CreateDatabaseAsync("list-pages");
        await PersistenceTestHost.CreateSchemaAsync(database.ConnectionString);
    }

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    [Fact]
    public async Task A_row_written_after_the_count_is_neither_counted_nor_listed()
    {
        await using var db = Open();
        db.Notes.Add(new Note { Text = "before" });
        await db.SaveChangesAsync();

        var (page, total) = await db.CountAndPageAsync(db.Notes.AsNoTracking(), all =>
        {
            using var writer = Open();
            writer.Notes.Add(new Note { Text = "between the count and the page" });
            writer.SaveChanges();
            return all.OrderBy(n => n.Id).Select(n => n.Text);
        }, CancellationToken.None);

        Assert.Equal(["before"], page);
        Assert.Equal(1, total);
        Assert.Equal(2, await db.Notes.CountAsync());
    }

    private PersistenceTestDbContext Open() =>
        new(new DbContextOptionsBuilder<PersistenceTestDbContext>().UseNpgsql(database.ConnectionString).Options);
}
