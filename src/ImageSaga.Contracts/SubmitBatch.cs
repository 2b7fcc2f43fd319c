namespace ImageSaga.Contracts;

/// <summary>
/// Analyse several stored images as one batch, at most <see cref="MaxInFlight"/> at a time (like a Step Functions
/// Map state with MaxConcurrency): the batch coordinator starts the next image when one finishes.
/// </summary>
public sealed record SubmitBatch
{
    /// <summary>The batch's identity (and its coordinator's correlation id).</summary>
    public Guid BatchId { get; init; }

    /// <summary>The owner of the images.</summary>
    public string UserId { get; init; } = "";

    /// <summary>How many of its images may be analysed at once.</summary>
    public int MaxInFlight { get; init; } = 4;

    /// <summary>The images, already stored: one upload each, started in this order.</summary>
    public IReadOnlyList<ImageUploaded> Images { get; init; } = [];
}
