using ImageSaga.ServiceDefaults.Options;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImageSaga.Orchestrator.Persistence;

/// <summary>
/// The saga instances this process saved last, so that the next message of the same saga need not read its row and
/// deserialise every result document again: an image's saga consumes eight messages within a second or so, one at a
/// time (the endpoint is partitioned by image), each of which used to load the whole row.
/// An instance is checked out for one message (taken out, so no two messages ever share it) and checked in only after
/// that message's transaction committed, so what is kept is what the database holds; a message that fails or is
/// retried simply does not check it in, and the next one loads the row. The update stays conditional on the version
/// that was loaded, so a stale copy can never overwrite a newer state; at worst the message is retried and loads the
/// row. Where other processes consume saga messages too (RabbitMQ), a copy is often stale, so the repository first
/// compares its version with the row's (<see cref="VerifyBeforeUse"/>); on the in-memory transport this process is the
/// only one that receives them, and that check is skipped. Bounded: the least recently saved instances go first.
/// </summary>
public sealed class SagaInstanceCache<TSaga>
    where TSaga : class, ISaga
{
    /// <summary>Instances kept at most; sagas in progress at once are far fewer.</summary>
    public const int Capacity = 1024;

    readonly object _gate = new();
    readonly Dictionary<Guid, LinkedListNode<TSaga>> _instances = [];
    readonly LinkedList<TSaga> _recency = new();

    public SagaInstanceCache(IOptions<BusOptions> bus)
        : this(verifyBeforeUse: bus.Value.Transport != BusTransport.InMemory)
    {
    }

    public SagaInstanceCache(bool verifyBeforeUse) => VerifyBeforeUse = verifyBeforeUse;

    /// <summary>Whether a kept instance must be checked against the row's version before it is used.</summary>
    public bool VerifyBeforeUse { get; }

    public int Count
    {
        get
        {
            lock (_gate)
                return _instances.Count;
        }
    }

    /// <summary>Takes the kept instance of <paramref name="correlationId"/> out of the cache, if there is one.</summary>
    public bool TryCheckOut(Guid correlationId, out TSaga instance)
    {
        lock (_gate)
        {
            if (_instances.Remove(correlationId, out var node))
            {
                _recency.Remove(node);
                instance = node.Value;
                return true;
            }
        }

        instance = null!;
        return false;
    }

    /// <summary>Keeps <paramref name="instance"/>, as just committed, for the saga's next message.</summary>
    public void CheckIn(TSaga instance)
    {
        lock (_gate)
        {
            if (_instances.Remove(instance.CorrelationId, out var previous))
                _recency.Remove(previous);
            _instances[instance.CorrelationId] = _recency.AddFirst(instance);
            while (_instances.Count > Capacity && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _instances.Remove(oldest.Value.CorrelationId);
            }
        }
    }

    /// <summary>Forgets the instance of <paramref name="correlationId"/> (the saga was deleted).</summary>
    public void Forget(Guid correlationId)
    {
        lock (_gate)
        {
            if (_instances.Remove(correlationId, out var node))
                _recency.Remove(node);
        }
    }
}
