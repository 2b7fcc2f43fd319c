using ImageSaga.Contracts;
using ImageSaga.Orchestrator;
using ImageSaga.Orchestrator.Steps;

namespace ImageSaga.Api.Images;

/// <summary>A saga as the API shows it: state, per-step status and timings, results, outcome.</summary>
public sealed record ImageAnalysisStatus(
    Guid ImageId,
    string UserId,
    string State,
    string OriginalFileName,
    string ContentType,
    long Length,
    string Sha256,
    DateTime UploadedAt,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? FinishedAt,
    IReadOnlyDictionary<string, StepStatusView> Steps,
    ImageMetadata? Metadata,
    ImageFingerprint? Fingerprint,
    ObjectDetectionResult? Detection,
    ClassificationResult? Classification,
    FaceDetectionResult? Faces,
    ModerationResult? Moderation,
    ImageInsights? Insights,
    IReadOnlyList<string> Warnings,
    FailureView? Failure,
    ReviewView? Review,
    string? CancelledBy,
    int Redrives)
{
    public static ImageAnalysisStatus From(ImageAnalysisState saga) => new(
        saga.CorrelationId,
        saga.UserId,
        saga.CurrentState,
        saga.OriginalFileName,
        saga.ContentType,
        saga.Length,
        saga.Sha256,
        saga.UploadedAt,
        saga.CreatedAt,
        saga.UpdatedAt,
        saga.FinishedAt,
        saga.Steps.ToDictionary(pair => pair.Key, pair => StepStatusView.From(pair.Value)),
        saga.Metadata,
        saga.Fingerprint,
        saga.Detection,
        saga.Classification,
        saga.Faces,
        saga.Moderation,
        saga.Insights,
        saga.Warnings,
        saga.FailureReason is null ? null : new FailureView(saga.FailedStep ?? "", saga.FailureReason, saga.FailureMessage ?? ""),
        saga.ReviewReason is null ? null : new ReviewView(saga.ReviewReason, saga.ReviewDecision ?? "pending", saga.ReviewedBy, saga.ReviewDeadlineAt),
        saga.CancelledBy,
        saga.RedriveCount);
}

public sealed record StepStatusView(
    StepStatus Status,
    bool Required,
    int Attempts,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    double? DurationMs,
    string? ReasonCode,
    string? Message)
{
    public static StepStatusView From(StepProgress step) => new(
        step.Status,
        step.Required,
        step.Attempts,
        step.StartedAt,
        step.FinishedAt,
        step.StartedAt is { } started && step.FinishedAt is { } finished ? (finished - started).TotalMilliseconds : null,
        step.ReasonCode,
        step.Message);
}

public sealed record FailureView(string Step, string ReasonCode, string Message);

/// <summary>Why a person was asked to look, and what they decided (the task token is only in <c>GET /api/reviews</c>).</summary>
public sealed record ReviewView(string Reason, string Decision, string? ReviewedBy, DateTime? ExpiresAt);
