using System.Collections.Concurrent;
using MassTransit;
using MassTransit.Context;
using MassTransit.Middleware;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ImageSaga.Orchestrator.Persistence;

/// <summary>
/// The repository for one consumed message. MassTransit loads the saga, runs the state machine, then calls
/// <see cref="Save"/> (new instance) or <see cref="Update"/> (existing one). Both write the state and one execution
/// history entry in a single SaveChanges, i.e. one transaction. The update is conditional on the version that was
/// loaded; a conflict throws <see cref="DbUpdateConcurrencyException"/>, which the saga endpoint's retry (outside its
/// outbox) turns into a fresh attempt, so concurrent replies never lose an update and no command leaves early.
/// The instance is taken from <see cref="SagaInstanceCache{TSaga}"/> when this process saved it last, and put back
/// once the transaction has committed.
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
    readonly SagaInstanceCache<TSaga> _cache;
    readonly TimeProvider _clock;
    readonly Dictionary<Guid, string> _loadedStates = [];
    readonly HashSet<Guid> _unverifiedCopies = [];

    static readonly string EventName = EventNames.Of(typeof(TMessage));

    public EntityFrameworkSagaRepositoryContext(ImageSagaDbContext dbContext, ConsumeContext<TMessage> consumeContext,
        ISagaConsumeContextFactory<ImageSagaDbContext, TSaga> factory, SagaInstanceCache<TSaga> cache, TimeProvider clock)
        : base(consumeContext, dbContext)
    {
        _dbContext = dbContext;
        _consumeContext = consumeContext;
        _factory = factory;
        _cache = cache;
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
        TSaga? instance = null;
        if (_cache.TryCheckOut(correlationId, out var kept))
        {
            var verify = _cache.VerifyBeforeUse;
            if (!verify || await SagaQueries<TSaga>.Version(_dbContext, correlationId) == kept.Version)
            {
                // Tracked as loaded, without walking a graph (the saga has no navigations).
                _dbContext.Entry(kept).State = EntityState.Unchanged;
                instance = kept;
                if (!verify)
                    _unverifiedCopies.Add(correlationId);
            }
        }

        instance ??= await SagaQueries<TSaga>.Load(_dbContext, correlationId);
        if (instance is null)
            return null!;

        Remember(instance);
        return await _factory.CreateSagaConsumeContext(_dbContext, _consumeContext, instance, SagaConsumeContextMode.Load);
    }

    public async Task Save(SagaConsumeContext<TSaga> context)
    {
        var saga = context.Saga;
        saga.Version = 1;
        _dbContext.Entry(saga).State = EntityState.Added;
        AppendHistory(saga, fromState: "Initial");
        await _dbContext.SaveChangesAsync(CancellationToken);
        Keep(saga);
    }

    public async Task Update(SagaConsumeContext<TSaga> context)
    {
        var saga = context.Saga;
        var entry = _dbContext.Entry(saga);
        // Scalars and replaced (immutable) result documents are found by change tracking, JSON columns comparing by
        // reference; collections stored as JSON may be mutated in place (the step table is, on every message), so
        // they are always written. Untouched result documents are not serialised again. (The version is named rather
        // than given as a lambda: EF maps a lambda over the interface's property through reflection on every call.)
        entry.Property(nameof(IRecordsExecutionHistory.Version)).OriginalValue = saga.Version;
        saga.Version++;
        foreach (var property in MutableJsonProperties(entry.Metadata))
            entry.Property(property).IsModified = true;
        AppendHistory(saga, _loadedStates.GetValueOrDefault(saga.CorrelationId, ""));
        try
        {
            await _dbContext.SaveChangesAsync(CancellationToken);
        }
        catch (DbUpdateConcurrencyException) when (_unverifiedCopies.Contains(saga.CorrelationId))
        {
            // The copy was stale: another process moved this saga on. The retry loads the row; copies are verified for a while.
            _cache.StaleCopySeen();
            throw;
        }

        Keep(saga);
    }

    public async Task Delete(SagaConsumeContext<TSaga> context)
    {
        _cache.Forget(context.Saga.CorrelationId);
        _dbContext.Set<TSaga>().Remove(context.Saga);
        await _dbContext.SaveChangesAsync(CancellationToken);
    }

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context)
    {
        _dbContext.Entry(context.Saga).State = EntityState.Detached;
        return Task.CompletedTask;
    }

    /// <summary>Keeps the committed instance for the saga's next message, unless none is due (the instance was checked out).</summary>
    void Keep(TSaga saga)
    {
        if (saga.IsSettled)
            _cache.Forget(saga.CorrelationId);
        else
            _cache.CheckIn(saga);
    }

    internal void Remember(TSaga instance) => _loadedStates[instance.CorrelationId] = instance.State;

    /// <summary>The collections stored as JSON (mutated in place, so change tracking cannot see it), found once per model.</summary>
    static IReadOnlyList<IProperty> MutableJsonProperties(IEntityType entityType)
    {
        if (_mutableJsonColumns is { } known && ReferenceEquals(known.EntityType, entityType))
            return known.Properties;
        var properties = entityType.GetProperties()
            .Where(property => property.GetValueConverter() is not null && property.ClrType.IsGenericType &&
                typeof(System.Collections.IEnumerable).IsAssignableFrom(property.ClrType))
            .ToList();
        _mutableJsonColumns = new MutableJsonColumns(entityType, properties);
        return properties;
    }

    static MutableJsonColumns? _mutableJsonColumns;

    sealed record MutableJsonColumns(IEntityType EntityType, IReadOnlyList<IProperty> Properties);

    void AppendHistory(TSaga saga, string fromState)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        saga.UpdatedAt = now;
        var detail = saga.PendingHistoryNotes.Count == 0
            ? (fromState == saga.State ? "ignored" : null)
            : string.Join("; ", saga.PendingHistoryNotes);
        _dbContext.Entry(new ExecutionHistoryEntry
        {
            SagaId = saga.CorrelationId,
            Sequence = saga.HistoryLength++,
            At = now,
            Event = EventName,
            FromState = fromState,
            ToState = saga.State,
            Detail = detail is { Length: > 2000 } ? detail[..2000] : detail,
            MessageId = _consumeContext.MessageId,
        }).State = EntityState.Added;
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

/// <summary>
/// The repository's two queries, compiled once per provider (a compiled query belongs to the model it was first run
/// with, and a test process may use SQLite and PostgreSQL one after the other).
/// </summary>
static class SagaQueries<TSaga>
    where TSaga : class, IRecordsExecutionHistory
{
    static readonly ConcurrentDictionary<Type, Func<ImageSagaDbContext, Guid, Task<TSaga?>>> Loads = new();
    static readonly ConcurrentDictionary<Type, Func<ImageSagaDbContext, Guid, Task<int?>>> Versions = new();

    public static Task<TSaga?> Load(ImageSagaDbContext db, Guid id) =>
        Loads.GetOrAdd(db.GetType(), static _ =>
            EF.CompileAsyncQuery((ImageSagaDbContext db, Guid id) => db.Set<TSaga>().FirstOrDefault(saga => saga.CorrelationId == id)))(db, id);

    public static Task<int?> Version(ImageSagaDbContext db, Guid id) =>
        Versions.GetOrAdd(db.GetType(), static _ =>
            EF.CompileAsyncQuery((ImageSagaDbContext db, Guid id) => db.Set<TSaga>().Where(saga => saga.CorrelationId == id)
                .Select(saga => (int?)saga.Version).FirstOrDefault()))(db, id);
}

static class EventNames
{
    /// <summary>Readable names for history: <c>Fault&lt;ExtractMetadata&gt;</c> rather than <c>Fault`1</c>.</summary>
    public static string Of(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(",", type.GetGenericArguments().Select(Of))}>"
        : type.Name;
}
