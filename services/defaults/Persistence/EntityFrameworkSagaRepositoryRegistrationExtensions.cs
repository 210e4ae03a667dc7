using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.ServiceDefaults.Persistence;

/// <summary>
/// The EF Core saga repository with the registration shape of MassTransit.EntityFrameworkCore:
/// <c>.EntityFrameworkRepository(r => { r.ConcurrencyMode = ConcurrencyMode.Optimistic; r.ExistingDbContext&lt;TasksDbContext&gt;(); })</c>.
/// </summary>
public static class EntityFrameworkSagaRepositoryRegistrationExtensions
{
    public static ISagaRegistrationConfigurator<TSaga> EntityFrameworkRepository<TSaga>(this ISagaRegistrationConfigurator<TSaga> configurator,
        Action<IEntityFrameworkSagaRepositoryConfigurator<TSaga>> configure)
        where TSaga : class, ISagaVersion
    {
        var repository = new EntityFrameworkSagaRepositoryConfigurator<TSaga>();
        configure(repository);
        var register = repository.Validate();
        configurator.Repository(register);
        return configurator;
    }
}

public interface IEntityFrameworkSagaRepositoryConfigurator<TSaga>
    where TSaga : class, ISagaVersion
{
    /// <summary>Must be <see cref="ConcurrencyMode.Optimistic"/>, the only mode implemented (the official package defaults to pessimistic).</summary>
    ConcurrencyMode ConcurrencyMode { set; }

    /// <summary>Use the service's own scoped DbContext, which maps the saga with a <see cref="SagaClassMap{TSaga}"/>.</summary>
    void ExistingDbContext<TContext>()
        where TContext : DbContext;
}

internal sealed class EntityFrameworkSagaRepositoryConfigurator<TSaga> : IEntityFrameworkSagaRepositoryConfigurator<TSaga>
    where TSaga : class, ISagaVersion
{
    ConcurrencyMode? _concurrencyMode;
    Action<ISagaRepositoryRegistrationConfigurator<TSaga>>? _register;

    public ConcurrencyMode ConcurrencyMode
    {
        set => _concurrencyMode = value;
    }

    public void ExistingDbContext<TContext>()
        where TContext : DbContext => _register = x =>
    {
        x.RegisterSagaRepository<TSaga, DbContext, SagaConsumeContextFactory<DbContext, TSaga>, EntityFrameworkSagaRepositoryContextFactory<TSaga, TContext>>();
        x.RegisterQuerySagaRepository<TSaga, EntityFrameworkSagaRepositoryContextFactory<TSaga, TContext>>();
        x.RegisterLoadSagaRepository<TSaga, EntityFrameworkSagaRepositoryContextFactory<TSaga, TContext>>();
    };

    public Action<ISagaRepositoryRegistrationConfigurator<TSaga>> Validate()
    {
        if (_concurrencyMode != ConcurrencyMode.Optimistic)
            throw new ConfigurationException($"The saga repository for {typeof(TSaga).Name} needs ConcurrencyMode = ConcurrencyMode.Optimistic: only optimistic concurrency is implemented.");
        return _register ?? throw new ConfigurationException($"The saga repository for {typeof(TSaga).Name} needs a DbContext: call ExistingDbContext<TDbContext>().");
    }
}
