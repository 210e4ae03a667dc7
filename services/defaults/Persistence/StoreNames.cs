using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CodeTether.ServiceDefaults.Persistence;

/// <summary>Quoted table and column names of an entity as the DbContext maps it, for the few statements EF Core cannot express (row locks, upserts).</summary>
internal sealed class StoreNames<TEntity>
    where TEntity : class
{
    readonly IEntityType _entity;
    readonly StoreObjectIdentifier _table;
    readonly ISqlGenerationHelper _sql;

    public StoreNames(DbContext dbContext)
    {
        _entity = dbContext.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{dbContext.GetType().Name} does not map {typeof(TEntity).Name}: call modelBuilder.Add{typeof(TEntity).Name}Entity() in OnModelCreating.");
        _table = StoreObjectIdentifier.Table(_entity.GetTableName()!, _entity.GetSchema());
        _sql = dbContext.GetService<ISqlGenerationHelper>();
        Table = _sql.DelimitIdentifier(_table.Name, _table.Schema);
    }

    public string Table { get; }

    public string Column(string property) => _sql.DelimitIdentifier(_entity.FindProperty(property)!.GetColumnName(_table)!);
}
