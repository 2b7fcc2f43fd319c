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
/// row. Where other processes consume saga messages too (RabbitMQ with more than one orchestrator), copies go stale
/// often and each stale one costs a failed transaction and a retry; there the repository first compares the copy's
/// version with the row's (<see cref="VerifyBeforeUse"/>, one indexed scalar query per message). That check is a third
/// of the database round trips of a message, and wasted while this process is the only orchestrator, so on RabbitMQ it
/// starts off and is switched on for <see cref="VerificationPeriod"/> whenever a copy turned out stale
/// (<see cref="StaleCopySeen"/>). On the in-memory transport this process is the only one that receives saga messages,
/// and the check is never needed. Bounded: the least recently saved instances go first, and a settled saga (finished,
/// nothing more due) is not kept at all, so what stays in memory is the sagas in progress.
/// </summary>
public sealed class SagaInstanceCache<TSaga>
    where TSaga : class, ISaga
{
    /// <summary>Instances kept at most; sagas in progress at once are far fewer.</summary>
    public const int Capacity = 1024;

    /// <summary>How long copies are verified after one was found stale: other orchestrators are likely still running.</summary>
    public static readonly TimeSpan VerificationPeriod = TimeSpan.FromMinutes(5);

    readonly object _gate = new();
    readonly bool _otherWritersPossible;
    readonly bool _verifyAlways;
    readonly TimeProvider _clock;
    long _verifyUntilTicks;
    readonly Dictionary<Guid, LinkedListNode<TSaga>> _instances = [];
    readonly LinkedList<TSaga> _recency = new();

    public SagaInstanceCache(IOptions<BusOptions> bus, TimeProvider clock)
    {
        _otherWritersPossible = bus.Value.Transport != BusTransport.InMemory;
        _clock = clock;
    }

    /// <summary>A fixed policy: always verify copies (<paramref name="verifyBeforeUse"/>), or never.</summary>
    public SagaInstanceCache(bool verifyBeforeUse)
    {
        _verifyAlways = verifyBeforeUse;
        _clock = TimeProvider.System;
    }

    /// <summary>Whether a kept instance must be checked against the row's version before it is used.</summary>
    public bool VerifyBeforeUse =>
        _verifyAlways || (_otherWritersPossible && _clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _verifyUntilTicks));

    /// <summary>
    /// A copy used without verification was stale (its conditional update found a newer row): another process writes
    /// these sagas, so copies are verified for the next <see cref="VerificationPeriod"/>.
    /// </summary>
    public void StaleCopySeen()
    {
        if (_otherWritersPossible)
            Interlocked.Exchange(ref _verifyUntilTicks, (_clock.GetUtcNow() + VerificationPeriod).UtcTicks);
    }

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
