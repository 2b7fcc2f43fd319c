using System.ComponentModel.DataAnnotations.Schema;
using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Persistence;
using ImageSaga.Orchestrator.Steps;
using MassTransit;

namespace ImageSaga.Orchestrator;

/// <summary>
/// One image's execution: what was uploaded, where each step stands, the results so far and the outcome.
/// The step bookkeeping lives here, as plain methods, so the state machine reads like a definition and the rules
/// (duplicates, deadlines, the join) are testable without a bus.
/// </summary>
public class ImageAnalysisState : SagaStateMachineInstance, IRecordsExecutionHistory
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    /// <summary>Optimistic-concurrency token, incremented by the repository on every update.</summary>
    public int Version { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>The batch the image was submitted in, if any; its outcome events carry it back to the batch.</summary>
    public Guid? BatchId { get; set; }

    public string StorageKey { get; set; } = "";

    public string Sha256 { get; set; } = "";

    public string ContentType { get; set; } = "";

    public long Length { get; set; }

    public string OriginalFileName { get; set; } = "";

    public DateTime UploadedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>
    /// When the saga received its own outcome event back from the broker, which proves the event left the outbox.
    /// Until then the outcome counts as unconfirmed and is published again when <see cref="NextDeadlineAt"/> passes.
    /// </summary>
    public DateTime? OutcomeConfirmedAt { get; set; }

    /// <summary>
    /// The earliest deadline of a running step or, once finished, when an unconfirmed outcome is published again;
    /// the deadline sweeper looks for sagas where it has passed.
    /// </summary>
    public DateTime? NextDeadlineAt { get; set; }

    /// <summary>Finished, and its outcome confirmed on the bus (or none to confirm): nothing more is due.</summary>
    [NotMapped]
    public bool IsSettled => FinishedAt is not null && NextDeadlineAt is null;

    public Dictionary<string, StepProgress> Steps { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public ImageMetadata? Metadata { get; set; }

    public ImageFingerprint? Fingerprint { get; set; }

    public ObjectDetectionResult? Detection { get; set; }

    public ClassificationResult? Classification { get; set; }

    public FaceDetectionResult? Faces { get; set; }

    public ModerationResult? Moderation { get; set; }

    /// <summary>The enrichment step's insights for the owner, once it succeeded.</summary>
    public ImageInsights? Insights { get; set; }

    public List<string> Warnings { get; set; } = [];

    public string? FailedStep { get; set; }

    public string? FailureReason { get; set; }

    public string? FailureMessage { get; set; }

    /// <summary>Who cancelled the analysis, when it was cancelled.</summary>
    public string? CancelledBy { get; set; }

    /// <summary>The single-use task token of the pending review; null when no review waits (used or never issued).</summary>
    public string? ReviewToken { get; set; }

    /// <summary>Why a review was requested.</summary>
    public string? ReviewReason { get; set; }

    /// <summary>When the pending review's default decision applies.</summary>
    public DateTime? ReviewDeadlineAt { get; set; }

    /// <summary><c>approved</c>, <c>rejected</c> or null (no review, or still pending).</summary>
    public string? ReviewDecision { get; set; }

    /// <summary>Who decided the review (<c>review-timeout</c> when the default applied).</summary>
    public string? ReviewedBy { get; set; }

    /// <summary>How many times the analysis was redriven after failing.</summary>
    public int RedriveCount { get; set; }

    /// <summary>
    /// The detected and top classified labels as <c>|cat|dog|</c>, lower case: what <c>GET /api/images?label=</c>
    /// filters on with a plain LIKE, the same on SQLite and PostgreSQL (the results themselves are JSON documents).
    /// </summary>
    public string LabelIndex { get; set; } = "";

    /// <summary>Rebuilds <see cref="LabelIndex"/> from the detection and classification results.</summary>
    public void IndexLabels()
    {
        var labels = (Detection?.Objects.Select(found => found.Label) ?? [])
            .Concat(Classification?.Top.Take(1).Select(top => top.Label) ?? [])
            .Select(label => label.Trim().ToLowerInvariant())
            .Where(label => label.Length > 0 && !label.Contains('|', StringComparison.Ordinal))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var index = labels.Count == 0 ? "" : $"|{string.Join("|", labels)}|";
        LabelIndex = index.Length <= 1000 ? index : index[..index.LastIndexOf('|', 999)] + "|";
    }

    /// <summary>How many history entries exist; the next entry's sequence number.</summary>
    public int HistoryLength { get; set; }

    /// <summary>Notes for this transition's history entry, written by the repository in the same transaction.</summary>
    public List<string> PendingHistoryNotes { get; } = [];

    /// <summary>Steps whose command must be sent by the current transition (set by the bookkeeping, sent by the machine).</summary>
    public List<(AnalysisStep Step, int Attempt)> StepsToDispatch { get; } = [];

    /// <summary>
    /// Whether every enabled step of <paramref name="phase"/> has finished: true when the phase has none, false before
    /// the saga started (no steps at all).
    /// </summary>
    public bool PhaseFinished(StepPhase phase) =>
        Steps.Count > 0 && Steps.Where(pair => AnalysisSteps.Get(pair.Key).Phase == phase).All(pair => pair.Value.IsFinished);

    /// <summary>Whether a step of <paramref name="phase"/> is running.</summary>
    public bool PhaseRunning(StepPhase phase) =>
        Steps.Any(pair => AnalysisSteps.Get(pair.Key).Phase == phase && pair.Value.Status == StepStatus.Running);

    /// <summary>Sends the pending steps of <paramref name="phase"/>; returns whether there were any.</summary>
    public bool StartPhase(StepPhase phase, DateTime now)
    {
        var pending = Steps.Where(pair => pair.Value.Status == StepStatus.Pending && AnalysisSteps.Get(pair.Key).Phase == phase)
            .Select(pair => pair.Key)
            .ToList();
        foreach (var name in pending)
            Dispatch(AnalysisSteps.Get(name), now);
        if (pending.Count == 0)
            return false;
        RecomputeNextDeadline();
        Note($"started {string.Join(", ", pending)}");
        return true;
    }

    public void Start(ImageUploaded upload, AnalysisOptions options, DateTime now)
    {
        UserId = upload.UserId;
        BatchId = upload.BatchId;
        StorageKey = upload.StorageKey;
        Sha256 = upload.Sha256.ToLowerInvariant();
        ContentType = upload.ContentType;
        Length = upload.Length;
        OriginalFileName = upload.OriginalFileName;
        UploadedAt = upload.UploadedAt == default ? now : upload.UploadedAt.UtcDateTime;
        CreatedAt = now;

        // Every enabled step gets its progress now, so the policy a saga started with stays its policy; later phases
        // wait as Pending until the analyses join.
        foreach (var step in AnalysisSteps.All)
        {
            if (!options.Steps.TryGetValue(step.Name, out var policy) || !policy.Enabled)
                continue;
            Steps[step.Name] = new StepProgress
            {
                Required = policy.Required,
                TimeoutSeconds = policy.TimeoutSeconds,
                TimeoutRetries = policy.TimeoutRetries,
            };
        }

        StartPhase(StepPhase.Analysis, now);
    }

    /// <summary>Records a result unless the step already finished (a duplicate or late reply): returns whether it counted.</summary>
    public bool TrySucceed(string stepName, DateTime now)
    {
        if (!Steps.TryGetValue(stepName, out var step) || step.IsFinished)
        {
            Note($"{stepName}: duplicate or unexpected result ignored");
            return false;
        }

        step.Status = StepStatus.Succeeded;
        step.FinishedAt = now;
        step.DeadlineAt = null;
        RecomputeNextDeadline();
        Note($"{stepName} succeeded (attempt {step.Attempts})");
        return true;
    }

    public bool TryFail(string stepName, string reasonCode, string message, DateTime now)
    {
        if (!Steps.TryGetValue(stepName, out var step) || step.IsFinished)
        {
            Note($"{stepName}: duplicate or unexpected failure ignored ({reasonCode})");
            return false;
        }

        step.Status = StepStatus.Failed;
        step.FinishedAt = now;
        step.DeadlineAt = null;
        step.ReasonCode = reasonCode;
        step.Message = Truncate(message, 1000);
        RecomputeNextDeadline();
        Note($"{stepName} failed: {reasonCode}");
        return true;
    }

    /// <summary>
    /// Handles every running step whose deadline is at or before <paramref name="now"/>: sends it again while it has
    /// retries left, else marks it timed out. Idempotent: a second call at the same time finds nothing due.
    /// </summary>
    public void ApplyDeadlines(DateTime now)
    {
        foreach (var (name, step) in Steps)
        {
            if (step.Status != StepStatus.Running || step.DeadlineAt is not { } deadline || deadline > now)
                continue;

            if (step.Attempts - step.AttemptsBeforeRedrive <= step.TimeoutRetries)
            {
                Dispatch(AnalysisSteps.Get(name), now);
                Note($"{name} timed out, attempt {step.Attempts} sent");
            }
            else
            {
                step.Status = StepStatus.TimedOut;
                step.FinishedAt = now;
                step.DeadlineAt = null;
                step.ReasonCode = AnalysisFailureReasons.TimedOut;
                step.Message = $"No answer after {step.Attempts} attempt(s) of {step.TimeoutSeconds:0.###} s each.";
                Note($"{name} timed out after {step.Attempts} attempt(s)");
            }
        }

        RecomputeNextDeadline();
    }

    /// <summary>The first required step that did not succeed, once every step has finished.</summary>
    public (string Step, StepProgress Progress)? FirstRequiredFailure() =>
        Steps.Where(pair => pair.Value.Required && pair.Value.Status != StepStatus.Succeeded)
            .Select(pair => ((string, StepProgress)?)(pair.Key, pair.Value))
            .FirstOrDefault();

    public void Complete(DateTime now, TimeSpan outcomeConfirmationGrace)
    {
        Warnings = Steps.Where(pair => !pair.Value.Required && pair.Value.Status != StepStatus.Succeeded)
            .Select(pair => $"{pair.Key}: {pair.Value.ReasonCode}")
            .ToList();
        FinishedAt = now;
        NextDeadlineAt = now + outcomeConfirmationGrace;
        Note(Warnings.Count == 0 ? "all steps succeeded" : $"completed with warnings: {string.Join(", ", Warnings)}");
    }

    public void Fail(string step, string reasonCode, string message, DateTime now, TimeSpan outcomeConfirmationGrace)
    {
        foreach (var pending in Steps.Values.Where(progress => progress.Status == StepStatus.Pending))
            pending.Status = StepStatus.Skipped;

        FailedStep = step;
        FailureReason = reasonCode;
        FailureMessage = Truncate(message, 1000);
        FinishedAt = now;
        NextDeadlineAt = now + outcomeConfirmationGrace;
        Note($"failed: {step} {reasonCode}");
    }

    /// <summary>
    /// Whether the joined results need a person before the analysis may go on: moderation flagged the image, or the
    /// top classification is below the configured confidence. Null when not; the reason otherwise.
    /// </summary>
    public string? ReviewReasonFor(ReviewOptions options)
    {
        if (!options.Enabled || ReviewDecision is not null)
            return null;
        if (Moderation is { Flagged: true } moderation)
            return $"moderation: {moderation.Reason ?? "flagged"}";
        if (options.ClassificationConfidenceBelow is { } threshold && Classification?.Top is [var top, ..] && top.Probability < threshold)
            return $"classification: {top.Label} {top.Probability:0.00} < {threshold:0.00}";
        return null;
    }

    /// <summary>Issues a fresh, unguessable task token and waits for a decision until the deadline.</summary>
    public string RequestReview(string reason, DateTime now, TimeSpan timeout)
    {
        ReviewToken = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        ReviewReason = Truncate(reason, 500);
        ReviewDeadlineAt = now + timeout;
        NextDeadlineAt = ReviewDeadlineAt;
        Note($"review requested: {ReviewReason}");
        return ReviewToken;
    }

    /// <summary>
    /// Applies a decision if <paramref name="token"/> is the pending one (it is then used up). Returns false, noted,
    /// for a forged, reused or stale token.
    /// </summary>
    public bool TryDecideReview(string token, bool approved, string reviewer, string? comment)
    {
        if (ReviewToken is null || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(ReviewToken), System.Text.Encoding.UTF8.GetBytes(token ?? "")))
        {
            Note($"review decision by {reviewer} ignored: not the pending task token");
            return false;
        }

        ReviewToken = null;
        ReviewDeadlineAt = null;
        NextDeadlineAt = null;
        ReviewDecision = approved ? "approved" : "rejected";
        ReviewedBy = Truncate(string.IsNullOrWhiteSpace(reviewer) ? "unknown" : reviewer, 128);
        Note($"review {ReviewDecision} by {ReviewedBy}" + (string.IsNullOrWhiteSpace(comment) ? "" : $": {Truncate(comment, 300)}"));
        return true;
    }

    /// <summary>Applies the configured default when a pending review's deadline has passed; returns whether it did.</summary>
    public bool ApplyReviewTimeout(DateTime now, ReviewOptions options)
    {
        if (ReviewToken is null || ReviewDeadlineAt is not { } deadline || deadline > now)
            return false;
        return TryDecideReview(ReviewToken, options.DefaultDecision == ImageSaga.Orchestrator.Steps.ReviewDecision.Approve, "review-timeout",
            $"no decision within {options.Timeout}, default {options.DefaultDecision.ToString().ToLowerInvariant()}");
    }

    /// <summary>Ends the analysis as rejected.</summary>
    public void Reject(DateTime now)
    {
        FinishedAt = now;
        NextDeadlineAt = null;
        foreach (var pending in Steps.Values.Where(progress => progress.Status == StepStatus.Pending))
            pending.Status = StepStatus.Skipped;
    }

    /// <summary>Stops every step that has not finished; replies that still arrive find them finished and are noted.</summary>
    public void Cancel(string requestedBy, string? reason, DateTime now)
    {
        foreach (var step in Steps.Values.Where(step => !step.IsFinished))
        {
            step.Status = StepStatus.Cancelled;
            step.FinishedAt = now;
            step.DeadlineAt = null;
        }

        CancelledBy = Truncate(string.IsNullOrWhiteSpace(requestedBy) ? "unknown" : requestedBy, 128);
        ReviewToken = null;
        ReviewDeadlineAt = null;
        FinishedAt = now;
        NextDeadlineAt = null;
        Note($"cancelled by {CancelledBy}" + (string.IsNullOrWhiteSpace(reason) ? "" : $": {reason}"));
    }

    /// <summary>
    /// Prepares a Failed saga to run again from where it failed: the steps that did not succeed are pending again (their
    /// earlier attempts kept in the count), the outcome is cleared. Returns the steps that will run, or null (noted in
    /// the history) when the redrive limit is reached.
    /// </summary>
    public IReadOnlyList<string>? Redrive(string requestedBy, int maxRedrives, DateTime now)
    {
        if (RedriveCount >= maxRedrives)
        {
            Note($"redrive by {requestedBy} refused: already redriven {RedriveCount} of {maxRedrives} times");
            return null;
        }

        var again = Steps.Where(pair => pair.Value.Status is StepStatus.Failed or StepStatus.TimedOut or StepStatus.Skipped).Select(pair => pair.Key).ToList();
        foreach (var name in again)
        {
            var step = Steps[name];
            step.Status = StepStatus.Pending;
            step.AttemptsBeforeRedrive = step.Attempts;
            step.DeadlineAt = null;
            step.FinishedAt = null;
            step.ReasonCode = null;
            step.Message = null;
        }

        RedriveCount++;
        FailedStep = null;
        FailureReason = null;
        FailureMessage = null;
        FinishedAt = null;
        OutcomeConfirmedAt = null;
        Warnings = [];
        Note($"redriven by {requestedBy} ({RedriveCount} of {maxRedrives}): {string.Join(", ", again)} run again");
        StartPhase(StepPhase.Analysis, now);
        return again;
    }

    /// <summary>The saga's own outcome event came back: it is on the bus for every subscriber, nothing to re-send.</summary>
    public void ConfirmOutcome(DateTime now, int redrives)
    {
        if (OutcomeConfirmedAt is not null)
            return;
        if (redrives != RedriveCount)
        {
            Note($"outcome of run {redrives} ignored: this is run {RedriveCount}");
            return;
        }

        OutcomeConfirmedAt = now;
        NextDeadlineAt = null;
        Note("outcome confirmed on the bus");
    }

    /// <summary>
    /// Whether a finished saga must publish its outcome again: the outcome never came back within the grace period
    /// (the process died between saving the final state and releasing the outbox).
    /// </summary>
    public bool ShouldRepublishOutcome(DateTime now, TimeSpan outcomeConfirmationGrace)
    {
        if (FinishedAt is null || OutcomeConfirmedAt is not null || NextDeadlineAt is not { } due || due > now)
            return false;
        NextDeadlineAt = now + outcomeConfirmationGrace;
        Note("outcome not confirmed in time, published again with the same message id");
        return true;
    }

    /// <summary>
    /// The outcome event's message id is derived from the image id, so a re-published outcome is the same message
    /// to every subscriber and deduplicates by id.
    /// </summary>
    public static Guid OutcomeMessageId(Guid imageId, int redriveCount = 0)
    {
        Span<byte> bytes = stackalloc byte[16];
        imageId.TryWriteBytes(bytes);
        bytes[0] ^= 0x5A;
        bytes[15] ^= 0xA5;
        // Each run after a redrive has an outcome of its own, which must not deduplicate against the earlier one.
        bytes[7] ^= (byte)redriveCount;
        return new Guid(bytes);
    }

    public void Note(string note) => PendingHistoryNotes.Add(note);

    string IRecordsExecutionHistory.State => CurrentState;

    void Dispatch(AnalysisStep step, DateTime now)
    {
        var progress = Steps[step.Name];
        progress.Status = StepStatus.Running;
        progress.Attempts++;
        progress.StartedAt ??= now;
        progress.DeadlineAt = now.AddSeconds(progress.TimeoutSeconds);
        StepsToDispatch.Add((step, progress.Attempts));
    }

    void RecomputeNextDeadline() =>
        NextDeadlineAt = Steps.Values.Where(step => step.Status == StepStatus.Running).Min(step => step.DeadlineAt);

    static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
