namespace ImageSaga.Contracts;

/// <summary>
/// Command to the enrichment service, sent once the analyses have joined: turn the results into insights for the
/// image's owner, using their preferences and the history of their earlier images. It carries the results, not the
/// pixels; the claim check is there for completeness (the step does not read the image).
/// </summary>
public sealed record EnrichImageAnalysis : IAnalysisStepCommand
{
    /// <inheritdoc />
    public Guid ImageId { get; init; }

    /// <inheritdoc />
    public string StorageKey { get; init; } = "";

    /// <inheritdoc />
    public string Sha256 { get; init; } = "";

    /// <inheritdoc />
    public int Attempt { get; init; } = 1;

    /// <summary>The owner, whose preferences and history are used.</summary>
    public string UserId { get; init; } = "";

    /// <summary>The file name the user uploaded, used to name this image in later insights.</summary>
    public string OriginalFileName { get; init; } = "";

    /// <summary>When the upload was accepted.</summary>
    public DateTimeOffset UploadedAt { get; init; }

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
}
