namespace ImageSaga.Contracts;

/// <summary>
/// The saga's own timer: published by the orchestrator's deadline sweeper when a saga's earliest step deadline has
/// passed. The saga re-sends steps that are overdue, or marks them timed out. Because the deadline is stored in the
/// saga row itself, this also recovers a saga whose commands were lost in a crash after it was saved.
/// </summary>
public sealed record ImageAnalysisDeadlineReached
{
    /// <summary>The image (and saga).</summary>
    public Guid ImageId { get; init; }

    /// <summary>The deadline that was found due.</summary>
    public DateTimeOffset Deadline { get; init; }
}
