using ImageSaga.Contracts;
using ImageSaga.ServiceDefaults.Messaging;

namespace ImageSaga.Orchestrator.Steps;

/// <summary>
/// One branch of the saga's parallel fan-out: its name (as used in configuration, state and history), the queue its
/// service listens on, and how to build its command. Adding a step means adding one of these, its events and a
/// <c>During(Analyzing, …)</c> clause in the state machine.
/// </summary>
public sealed record AnalysisStep(string Name, string Queue, Func<ImageAnalysisState, int, IAnalysisStepCommand> CreateCommand);

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

    public static readonly IReadOnlyList<AnalysisStep> All = [Metadata, Fingerprint, Detection, Classification, Faces, Moderation];

    public static AnalysisStep Get(string name) =>
        All.FirstOrDefault(step => step.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown analysis step '{name}'.", nameof(name));
}
