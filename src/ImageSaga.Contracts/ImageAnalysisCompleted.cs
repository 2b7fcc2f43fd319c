namespace ImageSaga.Contracts;

/// <summary>
/// Every required step succeeded. Published exactly once per image; optional steps that failed or timed out are listed
/// in <see cref="Warnings"/>.
/// </summary>
public sealed record ImageAnalysisCompleted
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

    /// <summary>When the saga reached Completed.</summary>
    public DateTimeOffset CompletedAt { get; init; }

    /// <summary>The metadata result, when that step succeeded.</summary>
    public ImageMetadata? Metadata { get; init; }

    /// <summary>The fingerprint result, when that step succeeded.</summary>
    public ImageFingerprint? Fingerprint { get; init; }

    /// <summary>Objects found, when that step succeeded.</summary>
    public ObjectDetectionResult? Detection { get; init; }

    /// <summary>The top classes, when that step succeeded.</summary>
    public ClassificationResult? Classification { get; init; }

    /// <summary>The faces found, when that step succeeded.</summary>
    public FaceDetectionResult? Faces { get; init; }

    /// <summary>The moderation verdict, when that step succeeded.</summary>
    public ModerationResult? Moderation { get; init; }

    /// <summary>What the results mean to the owner; null when the enrichment step is disabled or did not succeed.</summary>
    public ImageInsights? Insights { get; init; }

    /// <summary>Optional steps that did not succeed, as <c>step: reason-code</c>.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
