namespace ImageSaga.Contracts;

/// <summary>The answer to <see cref="GetImageAnalysisStatus"/>: where the analysis stands.</summary>
public sealed record ImageAnalysisStatusReport
{
    /// <summary>The image (and saga).</summary>
    public Guid ImageId { get; init; }

    /// <summary>The owner of the image.</summary>
    public string UserId { get; init; } = "";

    /// <summary><c>Analyzing</c>, <c>Enriching</c>, <c>Completed</c>, <c>Failed</c> or <c>Cancelled</c>.</summary>
    public string State { get; init; } = "";

    /// <summary>Each step's status (<c>Pending</c>, <c>Running</c>, <c>Succeeded</c>, …), by step name.</summary>
    public IReadOnlyDictionary<string, string> Steps { get; init; } = new Dictionary<string, string>();

    /// <summary>When the saga reached its current outcome; null while running.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The failed step and reason code, when Failed.</summary>
    public string? FailedStep { get; init; }

    /// <summary>The reason code, when Failed.</summary>
    public string? FailureReason { get; init; }

    /// <summary>How many times the analysis was redriven.</summary>
    public int Redrives { get; init; }

    /// <summary>The number of entries in its execution history.</summary>
    public int HistoryLength { get; init; }
}
