namespace ImageSaga.Contracts;

/// <summary>Every image of a batch has reached an outcome.</summary>
public sealed record BatchFinished
{
    /// <summary>The batch.</summary>
    public Guid BatchId { get; init; }

    /// <summary>The owner of the images.</summary>
    public string UserId { get; init; } = "";

    /// <summary>How many images the batch had.</summary>
    public int Total { get; init; }

    /// <summary>How many completed.</summary>
    public int Completed { get; init; }

    /// <summary>How many failed.</summary>
    public int Failed { get; init; }

    /// <summary>How many were cancelled or rejected.</summary>
    public int Stopped { get; init; }

    /// <summary>When the last image finished.</summary>
    public DateTimeOffset FinishedAt { get; init; }
}
