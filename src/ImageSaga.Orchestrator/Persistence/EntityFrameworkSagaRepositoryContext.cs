using MassTransit;
using MassTransit.Context;
using MassTransit.Middleware;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace ImageSaga.Orchestrator.Persistence;

/// <summary>
/// The repository for one consumed message. MassTransit loads the saga, runs the state machine, then calls
/// <see cref="Save"/> (new instance) or <see cref="Update"/> (existing one). Both write the state and one execution
/// history entry in a single SaveChanges, i.e. one transaction. The update is conditional on the version that was
/// loaded; a conflict throws <see cref="DbUpdateConcurrencyException"/>, which the saga endpoint's retry (outside its
/// outbox) turns into a fresh attempt, so concurrent replies never lose an update and no command leaves early.
/// </summary>
public sealed class EntityFrameworkSagaRepositoryContext<TSaga, TMessage> :
    ConsumeContextScope<TMessage>,
    SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, IRecordsExecutionHistory
    where TMessage : class
{
    readonly ImageSagaDbContext _dbContext;
    readonly ConsumeContext<TMessage> _consumeContext;
    readonly ISagaConsumeContextFactory<ImageSagaDbContext, TSaga> _factory;
    readonly TimeProvider _clock;
    readonly Dictionary<Guid, string> _loadedStates = [];

    public EntityFrameworkSagaRepositoryContext(ImageSagaDbContext dbContext, ConsumeContext<TMessage> consumeContext,
        ISagaConsumeContextFactory<ImageSagaDbContext, TSaga> factory, TimeProvider clock)
        : base(consumeContext, dbContext)
    {
        _dbContext = dbContext;
        _consumeContext = consumeContext;
        _factory = factory;
        _clock = clock;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode)
        where T : class => _factory.CreateSagaConsumeContext(_dbContext, consumeContext, instance, mode);

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        _factory.CreateSagaConsumeContext(_dbContext, _consumeContext, instance, SagaConsumeContextMode.Add);

    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        // Only used with insert-on-initial, which this project does not configure; kept correct all the same.
        _dbContext.Set<TSaga>().Add(instance);
        await _dbContext.SaveChangesAsync(CancellationToken);
        Remember(instance);
        return await _factory.CreateSagaConsumeContext(_dbContext, _consumeContext, instance, SagaConsumeContextMode.Insert);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var instance = await _dbContext.Set<TSaga>().FindAsync([correlationId], CancellationToken);
        if (instance is null)
            return null!;

        Remember(instance);
        return await _factory.CreateSagaConsumeContext(_dbContext, _consumeContext, instance, SagaConsumeContextMode.Load);
    }

    public async Task Save(SagaConsumeContext<TSaga> context)
    {
        var saga = context.Saga;
        saga.Version = 1;
        _dbContext.Set<TSaga>().Add(saga);
        AppendHistory(saga, fromState: "Initial");
        await _dbContext.SaveChangesAsync(CancellationToken);
    }

    public async Task Update(SagaConsumeContext<TSaga> context)
    {
        var saga = context.Saga;
        var entry = _dbContext.Entry(saga);
        // Scalars and replaced (immutable) result documents are found by change tracking, JSON columns comparing by
        // reference; collections stored as JSON may be mutated in place (the step table is, on every message), so
        // they are always written. Untouched result documents are not serialised again.
        entry.Property(s => s.Version).OriginalValue = saga.Version;
        saga.Version++;
        foreach (var property in entry.Properties)
        {
            if (property.Metadata.GetValueConverter() is not null && property.Metadata.ClrType.IsGenericType &&
                typeof(System.Collections.IEnumerable).IsAssignableFrom(property.Metadata.ClrType))
                property.IsModified = true;
        }
        AppendHistory(saga, _loadedStates.GetValueOrDefault(saga.CorrelationId, ""));
        await _dbContext.SaveChangesAsync(CancellationToken);
    }

    public async Task Delete(SagaConsumeContext<TSaga> context)
    {
        _dbContext.Set<TSaga>().Remove(context.Saga);
        await _dbContext.SaveChangesAsync(CancellationToken);
    }

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context)
    {
        _dbContext.Entry(context.Saga).State = EntityState.Detached;
        return Task.CompletedTask;
    }

    internal void Remember(TSaga instance) => _loadedStates[instance.CorrelationId] = instance.State;

    void AppendHistory(TSaga saga, string fromState)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        saga.UpdatedAt = now;
        var detail = saga.PendingHistoryNotes.Count == 0
            ? (fromState == saga.State ? "ignored" : null)
            : string.Join("; ", saga.PendingHistoryNotes);
        _dbContext.ExecutionHistory.Add(new ExecutionHistoryEntry
        {
            SagaId = saga.CorrelationId,
            Sequence = saga.HistoryLength++,
            At = now,
            Event = EventNames.Of(typeof(TMessage)),
            FromState = fromState,
            ToState = saga.State,
            Detail = detail is { Length: > 2000 } ? detail[..2000] : detail,
            MessageId = _consumeContext.MessageId,
        });
        saga.PendingHistoryNotes.Clear();
    }
}

/// <summary>Load and query access outside a consumed message (the API's status queries, the deadline sweeper).</summary>
public sealed class EntityFrameworkSagaQueryContext<TSaga>(ImageSagaDbContext dbContext, CancellationToken cancellationToken) :
    BasePipeContext(cancellationToken),
    LoadSagaRepositoryContext<TSaga>,
    QuerySagaRepositoryContext<TSaga>
    where TSaga : class, ISaga
{
    public async Task<TSaga> Load(Guid correlationId) =>
        (await dbContext.Set<TSaga>().AsNoTracking().SingleOrDefaultAsync(saga => saga.CorrelationId == correlationId, CancellationToken))!;

    public async Task<SagaRepositoryQueryContext<TSaga>> Query(ISagaQuery<TSaga> query, CancellationToken cancellationToken = default)
    {
        var instances = await dbContext.Set<TSaga>().AsNoTracking().Where(query.FilterExpression).ToListAsync(cancellationToken);
        return new LoadedSagaRepositoryQueryContext<TSaga>(this, instances);
    }
}

static class EventNames
{
    /// <summary>Readable names for history: <c>Fault&lt;ExtractMetadata&gt;</c> rather than <c>Fault`1</c>.</summary>
    public static string Of(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(",", type.GetGenericArguments().Select(Of))}>"
        : type.Name;
}
