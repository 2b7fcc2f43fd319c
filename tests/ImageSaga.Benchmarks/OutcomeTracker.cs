using System.Collections.Concurrent;
using System.Diagnostics;
using ImageSaga.Contracts;
using MassTransit;

namespace ImageSaga.Benchmarks;

/// <summary>
/// Knows when each upload started and completes its task when the saga's outcome arrives. An outcome may be
/// published again after a restart (same message id), so a second one for an image is ignored.
/// </summary>
sealed class OutcomeTracker
{
    readonly ConcurrentDictionary<Guid, Pending> _pending = new();
    int _completed;
    int _failed;

    public int Completed => Volatile.Read(ref _completed);

    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Registers an upload before it is published; the task ends with the upload→outcome latency.</summary>
    public Task<TimeSpan> Start(Guid imageId)
    {
        var pending = new Pending(Stopwatch.GetTimestamp());
        _pending[imageId] = pending;
        return pending.Outcome.Task;
    }

    public void Finish(Guid imageId, bool failed)
    {
        if (!_pending.TryRemove(imageId, out var pending))
            return;
        if (failed)
            Interlocked.Increment(ref _failed);
        Interlocked.Increment(ref _completed);
        pending.Outcome.TrySetResult(Stopwatch.GetElapsedTime(pending.StartedAt));
    }

    sealed record Pending(long StartedAt)
    {
        public TaskCompletionSource<TimeSpan> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>Subscribes to the saga's outcomes, like any downstream subscriber would.</summary>
sealed class OutcomeConsumer(OutcomeTracker tracker) : IConsumer<ImageAnalysisCompleted>, IConsumer<ImageAnalysisFailed>
{
    public Task Consume(ConsumeContext<ImageAnalysisCompleted> context)
    {
        tracker.Finish(context.Message.ImageId, failed: false);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ImageAnalysisFailed> context)
    {
        tracker.Finish(context.Message.ImageId, failed: true);
        return Task.CompletedTask;
    }
}
