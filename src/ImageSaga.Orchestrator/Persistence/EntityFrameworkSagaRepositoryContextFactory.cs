using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace ImageSaga.Orchestrator.Persistence;

/// <summary>
/// Our EF Core saga repository, plugged into MassTransit through its public repository interfaces
/// (MassTransit.EntityFrameworkCore is not available to us). Each message gets a fresh DbContext, so a retry after
/// an optimistic-concurrency conflict starts from the current row, never from a stale tracked copy.
/// </summary>
public sealed class EntityFrameworkSagaRepositoryContextFactory<TSaga>(
    IImageSagaDbContextFactory dbContextFactory,
    ISagaConsumeContextFactory<ImageSagaDbContext, TSaga> consumeContextFactory,
    SagaInstanceCache<TSaga> cache,
    TimeProvider clock) :
    ISagaRepositoryContextFactory<TSaga>,
    IQuerySagaRepositoryContextFactory<TSaga>,
    ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, IRecordsExecutionHistory
{
    public void Probe(ProbeContext context) => context.Add("persistence", "entity-framework-core");

    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class
    {
        await using var dbContext = dbContextFactory.CreateDbContext();
        // One connection for the message's version check, load and transaction, rather than one opened for each.
        await dbContext.Database.OpenConnectionAsync(context.CancellationToken);
        var repositoryContext = new EntityFrameworkSagaRepositoryContext<TSaga, T>(dbContext, context, consumeContextFactory, cache, clock);
        await next.Send(repositoryContext);
    }

    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class
    {
        await using var dbContext = dbContextFactory.CreateDbContext();
        var instances = await dbContext.Set<TSaga>().Where(query.FilterExpression).ToListAsync(context.CancellationToken);
        var repositoryContext = new EntityFrameworkSagaRepositoryContext<TSaga, T>(dbContext, context, consumeContextFactory, cache, clock);
        foreach (var instance in instances)
            repositoryContext.Remember(instance);
        await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repositoryContext, instances));
    }

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class => ExecuteQuery(asyncMethod, cancellationToken);

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class => ExecuteQuery(asyncMethod, cancellationToken);

    async Task<T> ExecuteQuery<T>(Func<EntityFrameworkSagaQueryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken)
    {
        await using var dbContext = dbContextFactory.CreateDbContext();
        return await asyncMethod(new EntityFrameworkSagaQueryContext<TSaga>(dbContext, cancellationToken));
    }
}
