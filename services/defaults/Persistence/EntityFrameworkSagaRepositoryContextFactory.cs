using MassTransit;
using MassTransit.RetryPolicies;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.ServiceDefaults.Persistence;

/// <summary>
/// The saga repository on the scope's DbContext, with optimistic concurrency on <see cref="ISagaVersion.Version"/>
/// (after MassTransit.EntityFrameworkCoreIntegration, Apache-2.0). Inside the outbox the saga joins the outbox's
/// transaction; otherwise it runs in its own and retries it when it loses a race.
/// </summary>
public sealed class EntityFrameworkSagaRepositoryContextFactory<TSaga, TDbContext>(TDbContext dbContext, ISagaConsumeContextFactory<DbContext, TSaga> consumeContextFactory)
    : ISagaRepositoryContextFactory<TSaga>, IQuerySagaRepositoryContextFactory<TSaga>, ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISagaVersion
    where TDbContext : DbContext
{
    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class => Execute(context, repositoryContext => next.Send(repositoryContext));

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class => Execute(context, async repositoryContext =>
    {
        var instances = await dbContext.Set<TSaga>().Where(query.FilterExpression).ToListAsync(context.CancellationToken);
        await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repositoryContext, instances));
    });

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class => asyncMethod(new DbContextSagaRepositoryContext<TSaga>(dbContext, cancellationToken));

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class => asyncMethod(new DbContextSagaRepositoryContext<TSaga>(dbContext, cancellationToken));

    public void Probe(ProbeContext context) => context.Add("persistence", "entityFrameworkCore");

    async Task Execute<T>(ConsumeContext<T> context, Func<DbContextSagaRepositoryContext<TSaga, T>, Task> send)
        where T : class
    {
        if (dbContext.Model.FindEntityType(typeof(TSaga))?.FindProperty(nameof(ISagaVersion.Version)) is not { IsConcurrencyToken: true })
            throw new ConfigurationException($"{typeof(TDbContext).Name} must map {typeof(TSaga).Name} with a SagaClassMap, which makes Version its concurrency token.");

        if (dbContext.Database.CurrentTransaction is not null)
        {
            await send(new DbContextSagaRepositoryContext<TSaga, T>(dbContext, context, consumeContextFactory));
            return;
        }

        var attempt = 0;
        await ConcurrencyConflicts.RetryPolicy.Retry(async () =>
        {
            if (attempt++ > 0)
                dbContext.ChangeTracker.Clear();
            await using var transaction = await dbContext.Database.BeginTransactionAsync(context.CancellationToken);
            await send(new DbContextSagaRepositoryContext<TSaga, T>(dbContext, context, consumeContextFactory));
            await transaction.CommitAsync(context.CancellationToken);
        }, context.CancellationToken);
    }
}
