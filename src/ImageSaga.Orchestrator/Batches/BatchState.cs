using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Persistence;

namespace ImageSaga.Orchestrator.Batches;

/// <summary>
/// One batch: the images not started yet, the ones in flight, and how the finished ones ended. The coordinator keeps
/// at most <see cref="MaxInFlight"/> images in flight, like a Map state's MaxConcurrency.
/// </summary>
public class BatchState : MassTransit.SagaStateMachineInstance, IRecordsExecutionHistory
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    public int Version { get; set; }

    public string UserId { get; set; } = "";

    public int MaxInFlight { get; set; }

    public int Total { get; set; }

    /// <summary>Uploads waiting to start, in order.</summary>
    public List<ImageUploaded> Queued { get; set; } = [];

    /// <summary>Images started and not finished.</summary>
    public List<Guid> InFlight { get; set; } = [];

    /// <summary>The most images that were ever in flight at once (never above <see cref="MaxInFlight"/>).</summary>
    public int PeakInFlight { get; set; }

    public int Completed { get; set; }

    public int Failed { get; set; }

    /// <summary>Cancelled or rejected.</summary>
    public int Stopped { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public int HistoryLength { get; set; }

    public List<string> PendingHistoryNotes { get; } = [];

    /// <summary>Uploads the current transition starts (set by the bookkeeping, published by the machine).</summary>
    public List<ImageUploaded> ToStart { get; } = [];

    public bool IsDone => Queued.Count == 0 && InFlight.Count == 0;

    /// <summary>Finished: what still arrives for the batch are late outcomes, which it only notes.</summary>
    [System.ComponentModel.DataAnnotations.Schema.NotMapped]
    public bool IsSettled => FinishedAt is not null;

    string IRecordsExecutionHistory.State => CurrentState;

    public void Start(SubmitBatch batch, DateTime now)
    {
        UserId = batch.UserId;
        MaxInFlight = Math.Clamp(batch.MaxInFlight, 1, 1000);
        Total = batch.Images.Count;
        Queued = batch.Images.Select(image => image with { BatchId = CorrelationId, UserId = batch.UserId }).ToList();
        CreatedAt = now;
        PendingHistoryNotes.Add($"batch of {Total}, at most {MaxInFlight} at a time");
        StartNext();
    }

    /// <summary>Counts an image's outcome once (repeats, and outcomes of redriven runs, are ignored) and starts the next.</summary>
    public void Finished(Guid imageId, string outcome, DateTime now)
    {
        if (!InFlight.Remove(imageId))
            return;
        switch (outcome)
        {
            case "completed":
                Completed++;
                break;
            case "failed":
                Failed++;
                break;
            default:
                Stopped++;
                break;
        }

        PendingHistoryNotes.Add($"{imageId} {outcome}");
        StartNext();
        if (IsDone)
            FinishedAt = now;
    }

    void StartNext()
    {
        while (InFlight.Count < MaxInFlight && Queued.Count > 0)
        {
            var next = Queued[0];
            Queued.RemoveAt(0);
            InFlight.Add(next.ImageId);
            ToStart.Add(next);
        }

        PeakInFlight = Math.Max(PeakInFlight, InFlight.Count);
    }
}
