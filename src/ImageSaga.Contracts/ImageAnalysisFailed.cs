namespace ImageSaga.Contracts;

/// <summary>A required step failed or timed out. Published exactly once per image.</summary>
public sealed record ImageAnalysisFailed
{
    /// <summary>The image (and saga).</summary>
    public Guid ImageId { get; init; }

    /// <summary>The batch the image belongs to, when it was submitted as part of one.</summary>
    public Guid? BatchId { get; init; }

    /// <summary>The owner of the image.</summary>
    public string UserId { get; init; } = "";

    /// <summary>The file name the user uploaded.</summary>
    public string OriginalFileName { get; init; } = "";

    /// <summary>How many times the analysis was redriven before this outcome (0 for the first run).</summary>
    public int Redrives { get; init; }

    /// <summary>When the saga reached Failed.</summary>
    public DateTimeOffset FailedAt { get; init; }

    /// <summary>The first required step that failed.</summary>
    public string FailedStep { get; init; } = "";

    /// <summary>A stable, machine-readable reason code (see <see cref="AnalysisFailureReasons"/>).</summary>
    public string ReasonCode { get; init; } = "";

    /// <summary>A human-readable explanation.</summary>
    public string Message { get; init; } = "";
}
