using ImageSaga.Contracts;
using ImageSaga.ServiceDefaults.Messaging;

namespace ImageSaga.Orchestrator.Steps;

/// <summary>
/// One step of the saga: its name (as used in configuration, state and history), the queue its service listens on,
/// how to build its command, and its phase: the analyses run in parallel as soon as the image is uploaded; enrichment
/// runs once they have joined, because it needs their results. Adding a step means adding one of these, its events and
/// a clause in the state machine.
/// </summary>
public sealed record AnalysisStep(string Name, string Queue, Func<ImageAnalysisState, int, IAnalysisStepCommand> CreateCommand,
    StepPhase Phase = StepPhase.Analysis);

public enum StepPhase
{
    /// <summary>Part of the parallel fan-out that starts at upload.</summary>
    Analysis,

    /// <summary>Sent after the analyses joined without a required failure.</summary>
    Enrichment,
}

public static class AnalysisSteps
{
    public static readonly AnalysisStep Metadata = new("metadata", ImageSagaEndpoints.ExtractMetadata,
        (saga, attempt) => new ExtractMetadata { ImageId = saga.CorrelationId, StorageKey = saga.StorageKey, Sha256 = saga.Sha256, Attempt = attempt });

    public static readonly AnalysisStep Fingerprint = new("fingerprint", ImageSagaEndpoints.ComputeFingerprint,
        (saga, attempt) => new ComputeFingerprint { ImageId = saga.CorrelationId, StorageKey = saga.StorageKey, Sha256 = saga.Sha256, Attempt = attempt });

    public static readonly AnalysisStep Detection = new("detection", ImageSagaEndpoints.DetectObjects,
        (saga, attempt) => new DetectObjects { ImageId = saga.CorrelationId, StorageKey = saga.StorageKey, Sha256 = saga.Sha256, Attempt = attempt });

    public static readonly AnalysisStep Classification = new("classification", ImageSagaEndpoints.ClassifyImage,
        (saga, attempt) => new ClassifyImage { ImageId = saga.CorrelationId, StorageKey = saga.StorageKey, Sha256 = saga.Sha256, Attempt = attempt });

    public static readonly AnalysisStep Faces = new("faces", ImageSagaEndpoints.DetectFaces,
        (saga, attempt) => new DetectFaces { ImageId = saga.CorrelationId, StorageKey = saga.StorageKey, Sha256 = saga.Sha256, Attempt = attempt });

    public static readonly AnalysisStep Moderation = new("moderation", ImageSagaEndpoints.ModerateContent,
        (saga, attempt) => new ModerateContent { ImageId = saga.CorrelationId, StorageKey = saga.StorageKey, Sha256 = saga.Sha256, Attempt = attempt });

    public static readonly AnalysisStep Enrichment = new("enrichment", ImageSagaEndpoints.EnrichImageAnalysis,
        (saga, attempt) => new EnrichImageAnalysis
        {
            ImageId = saga.CorrelationId,
            StorageKey = saga.StorageKey,
            Sha256 = saga.Sha256,
            Attempt = attempt,
            UserId = saga.UserId,
            OriginalFileName = saga.OriginalFileName,
            UploadedAt = new DateTimeOffset(saga.UploadedAt, TimeSpan.Zero),
            Metadata = saga.Metadata,
            Fingerprint = saga.Fingerprint,
            Detection = saga.Detection,
            Classification = saga.Classification,
            Faces = saga.Faces,
            Moderation = saga.Moderation,
        },
        StepPhase.Enrichment);

    public static readonly IReadOnlyList<AnalysisStep> All = [Metadata, Fingerprint, Detection, Classification, Faces, Moderation, Enrichment];

    public static AnalysisStep Get(string name) =>
        All.FirstOrDefault(step => step.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown analysis step '{name}'.", nameof(name));
}
