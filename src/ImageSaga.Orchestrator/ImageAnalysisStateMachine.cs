using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Steps;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImageSaga.Orchestrator;

/// <summary>
/// The image-analysis saga. <c>ImageUploaded</c> starts it; every enabled step's command is sent at once (a parallel
/// fan-out); each step answers with its result, its typed <c>…Failed</c> event, or — when its consumer threw on
/// every retry — MassTransit's <c>Fault&lt;Command&gt;</c>, and the saga treats the last two alike as the step failing.
/// When the analyses have joined without a required failure the saga sends the results to enrichment (Enriching); once
/// that answers too, or is disabled, it finishes: Completed (optional failures become warnings) or Failed. Notification
/// deliveries reported afterwards are written into the execution history.
/// Deadlines are stored in the saga and raised by the orchestrator's sweeper as <c>ImageAnalysisDeadlineReached</c>.
/// Completed and Failed are kept (not deleted), so duplicates and late replies find the saga and are absorbed.
/// </summary>
public sealed class ImageAnalysisStateMachine : MassTransitStateMachine<ImageAnalysisState>
{
    readonly AnalysisOptions _options;
    readonly TimeProvider _clock;

    public State Analyzing { get; private set; } = null!;
    public State Enriching { get; private set; } = null!;
    public State AwaitingReview { get; private set; } = null!;
    public State Rejected { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Failed { get; private set; } = null!;
    public State Cancelled { get; private set; } = null!;

    public Event<ImageUploaded> Uploaded { get; private set; } = null!;
    public Event<ImageAnalysisDeadlineReached> DeadlineReached { get; private set; } = null!;
    public Event<CancelImageAnalysis> CancelRequested { get; private set; } = null!;
    public Event<RedriveImageAnalysis> RedriveRequested { get; private set; } = null!;
    public Event<SubmitReviewDecision> ReviewDecided { get; private set; } = null!;

    // The saga's own outcome, coming back from the broker: proof that it left the outbox.
    public Event<ImageAnalysisCompleted> CompletionConfirmed { get; private set; } = null!;
    public Event<ImageAnalysisFailed> FailureConfirmed { get; private set; } = null!;

    public Event<MetadataExtracted> MetadataExtracted { get; private set; } = null!;
    public Event<MetadataExtractionFailed> MetadataExtractionFailed { get; private set; } = null!;
    public Event<Fault<ExtractMetadata>> MetadataFaulted { get; private set; } = null!;

    public Event<FingerprintComputed> FingerprintComputed { get; private set; } = null!;
    public Event<FingerprintComputationFailed> FingerprintComputationFailed { get; private set; } = null!;
    public Event<Fault<ComputeFingerprint>> FingerprintFaulted { get; private set; } = null!;

    public Event<ObjectsDetected> ObjectsDetected { get; private set; } = null!;
    public Event<ObjectDetectionFailed> ObjectDetectionFailed { get; private set; } = null!;
    public Event<Fault<DetectObjects>> DetectionFaulted { get; private set; } = null!;

    public Event<ImageClassified> ImageClassified { get; private set; } = null!;
    public Event<ImageClassificationFailed> ImageClassificationFailed { get; private set; } = null!;
    public Event<Fault<ClassifyImage>> ClassificationFaulted { get; private set; } = null!;

    public Event<FacesDetected> FacesDetected { get; private set; } = null!;
    public Event<FaceDetectionFailed> FaceDetectionFailed { get; private set; } = null!;
    public Event<Fault<DetectFaces>> FacesFaulted { get; private set; } = null!;

    public Event<ContentModerated> ContentModerated { get; private set; } = null!;
    public Event<ContentModerationFailed> ContentModerationFailed { get; private set; } = null!;
    public Event<Fault<ModerateContent>> ModerationFaulted { get; private set; } = null!;

    public Event<ImageAnalysisEnriched> Enriched { get; private set; } = null!;
    public Event<ImageEnrichmentFailed> EnrichmentFailed { get; private set; } = null!;
    public Event<Fault<EnrichImageAnalysis>> EnrichmentFaulted { get; private set; } = null!;

    // After the outcome: how each notification channel fared, for the execution history.
    public Event<NotificationDeliveryUpdated> NotificationDelivery { get; private set; } = null!;

    public ImageAnalysisStateMachine(IOptions<AnalysisOptions> options, TimeProvider clock)
    {
        _options = options.Value;
        _clock = clock;

        InstanceState(saga => saga.CurrentState);

        Event(() => Uploaded, e => e.CorrelateById(context => context.Message.ImageId));
        Event(() => DeadlineReached, e =>
        {
            e.CorrelateById(context => context.Message.ImageId);
            e.OnMissingInstance(missing => missing.Discard());
        });
        CorrelateReply(() => CancelRequested, message => message.ImageId);
        CorrelateReply(() => RedriveRequested, message => message.ImageId);
        CorrelateReply(() => ReviewDecided, message => message.ImageId);
        CorrelateReply(() => CompletionConfirmed, message => message.ImageId);
        CorrelateReply(() => FailureConfirmed, message => message.ImageId);
        CorrelateReply(() => MetadataExtracted, message => message.ImageId);
        CorrelateReply(() => MetadataExtractionFailed, message => message.ImageId);
        CorrelateReply(() => MetadataFaulted, fault => fault.Message.ImageId);
        CorrelateReply(() => FingerprintComputed, message => message.ImageId);
        CorrelateReply(() => FingerprintComputationFailed, message => message.ImageId);
        CorrelateReply(() => FingerprintFaulted, fault => fault.Message.ImageId);
        CorrelateReply(() => ObjectsDetected, message => message.ImageId);
        CorrelateReply(() => ObjectDetectionFailed, message => message.ImageId);
        CorrelateReply(() => DetectionFaulted, fault => fault.Message.ImageId);
        CorrelateReply(() => ImageClassified, message => message.ImageId);
        CorrelateReply(() => ImageClassificationFailed, message => message.ImageId);
        CorrelateReply(() => ClassificationFaulted, fault => fault.Message.ImageId);
        CorrelateReply(() => FacesDetected, message => message.ImageId);
        CorrelateReply(() => FaceDetectionFailed, message => message.ImageId);
        CorrelateReply(() => FacesFaulted, fault => fault.Message.ImageId);
        CorrelateReply(() => ContentModerated, message => message.ImageId);
        CorrelateReply(() => ContentModerationFailed, message => message.ImageId);
        CorrelateReply(() => ModerationFaulted, fault => fault.Message.ImageId);
        CorrelateReply(() => Enriched, message => message.ImageId);
        CorrelateReply(() => EnrichmentFailed, message => message.ImageId);
        CorrelateReply(() => EnrichmentFaulted, fault => fault.Message.ImageId);
        CorrelateReply(() => NotificationDelivery, message => message.ImageId);

        Initially(
            When(Uploaded)
                .Then(context => context.Saga.Start(context.Message, _options, Now()))
                .ThenAsync(DispatchStepsAsync)
                .TransitionTo(Analyzing));

        // Analyzing: the fan-out runs. Enriching: the analyses joined and enrichment runs. Replies, deadlines and
        // duplicates are handled alike in both: a reply of a finished step is noted and ignored by the bookkeeping.
        During(Analyzing, Enriching, AwaitingReview,
            When(Uploaded)
                .Then(context => context.Saga.Note("duplicate upload ignored")),
            When(CancelRequested)
                .Then(context => context.Saga.Cancel(context.Message.RequestedBy, context.Message.Reason, Now()))
                .Publish(context => new ImageAnalysisCancelled
                {
                    ImageId = context.Saga.CorrelationId,
                    UserId = context.Saga.UserId,
                    BatchId = context.Saga.BatchId,
                    CancelledAt = new DateTimeOffset(context.Saga.FinishedAt!.Value, TimeSpan.Zero),
                    CancelledBy = context.Saga.CancelledBy ?? "",
                    Reason = context.Message.Reason,
                })
                .TransitionTo(Cancelled),
            When(RedriveRequested)
                .Then(context => context.Saga.Note($"redrive by {context.Message.RequestedBy} ignored: the analysis has not failed")),
            Ignore(CompletionConfirmed),
            Ignore(FailureConfirmed),
            When(DeadlineReached)
                .Then(context => context.Saga.ApplyDeadlines(Later(Now(), context.Message.Deadline.UtcDateTime)))
                .Then(context => context.Saga.ApplyReviewTimeout(Later(Now(), context.Message.Deadline.UtcDateTime), _options.Review))
                .ThenAsync(DispatchStepsAsync)
                .JoinAndFinish(this),
            // A forged, reused or stale token is noted and changes nothing; the pending token decides once.
            When(ReviewDecided)
                .Then(context => context.Saga.TryDecideReview(context.Message.TaskToken, context.Message.Approved, context.Message.Reviewer,
                    context.Message.Comment))
                .JoinAndFinish(this),

            StepSucceeded(MetadataExtracted, AnalysisSteps.Metadata, (saga, message) => saga.Metadata = message.Metadata),
            StepFailed(MetadataExtractionFailed, AnalysisSteps.Metadata, message => (message.ReasonCode, message.Message)),
            StepFailed(MetadataFaulted, AnalysisSteps.Metadata, FaultReason, fault => fault.Message.Attempt),

            StepSucceeded(FingerprintComputed, AnalysisSteps.Fingerprint, (saga, message) => saga.Fingerprint = message.Fingerprint),
            StepFailed(FingerprintComputationFailed, AnalysisSteps.Fingerprint, message => (message.ReasonCode, message.Message)),
            StepFailed(FingerprintFaulted, AnalysisSteps.Fingerprint, FaultReason, fault => fault.Message.Attempt),

            StepSucceeded(ObjectsDetected, AnalysisSteps.Detection, (saga, message) =>
            {
                saga.Detection = message.Result;
                saga.IndexLabels();
            }),
            StepFailed(ObjectDetectionFailed, AnalysisSteps.Detection, message => (message.ReasonCode, message.Message)),
            StepFailed(DetectionFaulted, AnalysisSteps.Detection, FaultReason, fault => fault.Message.Attempt),

            StepSucceeded(ImageClassified, AnalysisSteps.Classification, (saga, message) =>
            {
                saga.Classification = message.Result;
                saga.IndexLabels();
            }),
            StepFailed(ImageClassificationFailed, AnalysisSteps.Classification, message => (message.ReasonCode, message.Message)),
            StepFailed(ClassificationFaulted, AnalysisSteps.Classification, FaultReason, fault => fault.Message.Attempt),

            StepSucceeded(FacesDetected, AnalysisSteps.Faces, (saga, message) => saga.Faces = message.Result),
            StepFailed(FaceDetectionFailed, AnalysisSteps.Faces, message => (message.ReasonCode, message.Message)),
            StepFailed(FacesFaulted, AnalysisSteps.Faces, FaultReason, fault => fault.Message.Attempt),

            StepSucceeded(ContentModerated, AnalysisSteps.Moderation, (saga, message) => saga.Moderation = message.Result),
            StepFailed(ContentModerationFailed, AnalysisSteps.Moderation, message => (message.ReasonCode, message.Message)),
            StepFailed(ModerationFaulted, AnalysisSteps.Moderation, FaultReason, fault => fault.Message.Attempt),

            StepSucceeded(Enriched, AnalysisSteps.Enrichment, (saga, message) => saga.Insights = message.Insights),
            StepFailed(EnrichmentFailed, AnalysisSteps.Enrichment, message => (message.ReasonCode, message.Message)),
            StepFailed(EnrichmentFaulted, AnalysisSteps.Enrichment, FaultReason, fault => fault.Message.Attempt));

        DuringAny(
            When(NotificationDelivery).Then(context => context.Saga.Note(
                $"notification via {context.Message.Channel}: {context.Message.Status} (attempt {context.Message.Attempt})"
                + (string.IsNullOrEmpty(context.Message.Detail) ? "" : $": {context.Message.Detail}"))));

        // Terminal states keep the saga so that duplicate uploads and late or repeated replies are absorbed here.
        During(Completed,
            When(CompletionConfirmed).Then(context => context.Saga.ConfirmOutcome(Now(), context.Message.Redrives)),
            When(DeadlineReached)
                .If(context => context.Saga.ShouldRepublishOutcome(Later(Now(), context.Message.Deadline.UtcDateTime), _options.OutcomeConfirmationGrace),
                    republish => republish.PublishCompleted()),
            Ignore(FailureConfirmed));
        During(Failed,
            When(FailureConfirmed).Then(context => context.Saga.ConfirmOutcome(Now(), context.Message.Redrives)),
            // Redrive: only the steps that did not succeed run again; the join then works as on the first run.
            When(RedriveRequested)
                .Then(context => context.Saga.Redrive(context.Message.RequestedBy, _options.MaxRedrives, Now()))
                .If(context => context.Saga.FinishedAt is null, redriven => redriven
                    .TransitionTo(Analyzing)
                    .JoinAndFinish(this)),
            When(DeadlineReached)
                .If(context => context.Saga.ShouldRepublishOutcome(Later(Now(), context.Message.Deadline.UtcDateTime), _options.OutcomeConfirmationGrace),
                    republish => republish.PublishFailed()),
            Ignore(CompletionConfirmed));
        During(Cancelled, Rejected,
            Ignore(CompletionConfirmed),
            Ignore(FailureConfirmed),
            Ignore(DeadlineReached));
        During(Completed, Cancelled, Rejected,
            When(RedriveRequested)
                .Then(context => context.Saga.Note($"redrive by {context.Message.RequestedBy} ignored: the analysis has not failed")));
        During(Completed, Failed, Cancelled, Rejected,
            When(CancelRequested)
                .Then(context => context.Saga.Note($"cancel by {context.Message.RequestedBy} ignored: the analysis has already finished")),
            When(ReviewDecided)
                .Then(context => context.Saga.Note($"review decision by {context.Message.Reviewer} ignored: the analysis has already finished")),
            Ignore(Uploaded),
            Ignore(MetadataExtracted),
            Ignore(MetadataExtractionFailed),
            Ignore(MetadataFaulted),
            Ignore(FingerprintComputed),
            Ignore(FingerprintComputationFailed),
            Ignore(FingerprintFaulted),
            Ignore(ObjectsDetected),
            Ignore(ObjectDetectionFailed),
            Ignore(DetectionFaulted),
            Ignore(ImageClassified),
            Ignore(ImageClassificationFailed),
            Ignore(ClassificationFaulted),
            Ignore(FacesDetected),
            Ignore(FaceDetectionFailed),
            Ignore(FacesFaulted),
            Ignore(ContentModerated),
            Ignore(ContentModerationFailed),
            Ignore(ModerationFaulted),
            Ignore(Enriched),
            Ignore(EnrichmentFailed),
            Ignore(EnrichmentFaulted));
    }

    void CorrelateReply<T>(System.Linq.Expressions.Expression<Func<Event<T>?>> propertyExpression, Func<T, Guid> imageId)
        where T : class
    {
        // A reply for an image we never started (or someone's stray message) is dropped, never faulted.
        Event(propertyExpression!, e =>
        {
            e.CorrelateById(context => imageId(context.Message));
            e.OnMissingInstance(missing => missing.Discard());
        });
    }

    EventActivityBinder<ImageAnalysisState, T> StepSucceeded<T>(Event<T> @event, AnalysisStep step, Action<ImageAnalysisState, T> record)
        where T : class =>
        When(@event)
            .Then(context =>
            {
                if (context.Saga.TrySucceed(step.Name, Now()))
                    record(context.Saga, context.Message);
            })
            .JoinAndFinish(this);

    // attemptOf, for faults (which carry the failed command): a fault of an attempt that a timeout already superseded
    // says nothing about the attempt still running, so it is noted and ignored rather than failing the step.
    EventActivityBinder<ImageAnalysisState, T> StepFailed<T>(Event<T> @event, AnalysisStep step, Func<T, (string Reason, string Message)> reason,
        Func<T, int>? attemptOf = null)
        where T : class =>
        When(@event)
            .Then(context =>
            {
                if (attemptOf is not null && context.Saga.Steps.TryGetValue(step.Name, out var progress) &&
                    attemptOf(context.Message) < progress.Attempts)
                {
                    context.Saga.Note($"{step.Name}: fault of superseded attempt {attemptOf(context.Message)} ignored");
                    return;
                }

                var (code, message) = reason(context.Message);
                context.Saga.TryFail(step.Name, string.IsNullOrWhiteSpace(code) ? AnalysisFailureReasons.StepFaulted : code, message, Now());
            })
            .JoinAndFinish(this);

    static (string, string) FaultReason<TCommand>(Fault<TCommand> fault) =>
        (AnalysisFailureReasons.StepFaulted,
            fault.Exceptions.FirstOrDefault() is { } exception ? $"{exception.ExceptionType}: {exception.Message}" : "The step faulted.");

    internal void JoinWhenAllStepsFinished<T>(BehaviorContext<ImageAnalysisState, T> context)
        where T : class
    {
        var saga = context.Saga;
        if (saga.FinishedAt is not null || !saga.PhaseFinished(StepPhase.Analysis))
            return;

        if (saga.FirstRequiredFailure() is null)
        {
            // A person may have to look before the analysis goes on (moderation flagged it, or it is too uncertain).
            if (saga.ReviewDecision == "rejected")
            {
                saga.Reject(Now());
                return;
            }

            if (saga.ReviewToken is not null)
                return;
            if (saga.ReviewReasonFor(_options.Review) is { } reason)
            {
                saga.RequestReview(reason, Now(), _options.Review.Timeout);
                return;
            }

            // Enrichment needs the analyses' results, and is pointless when a required analysis failed.
            if (saga.StartPhase(StepPhase.Enrichment, Now()) || !saga.PhaseFinished(StepPhase.Enrichment))
                return;
        }

        if (saga.FirstRequiredFailure() is { } failure)
        {
            saga.Fail(failure.Step, failure.Progress.ReasonCode ?? AnalysisFailureReasons.StepFaulted, failure.Progress.Message ?? "", Now(),
                _options.OutcomeConfirmationGrace);
        }
        else
            saga.Complete(Now(), _options.OutcomeConfirmationGrace);
    }

    // The join decided the outcome; these route it while the saga is still in Analyzing (so it happens once).
    internal static bool IsEnriching<T>(BehaviorContext<ImageAnalysisState, T> context)
        where T : class => context.Saga.FinishedAt is null && context.Saga.PhaseRunning(StepPhase.Enrichment);

    /// <summary>A review was just requested (the saga is not yet waiting for it).</summary>
    internal static bool StartsReview<T>(BehaviorContext<ImageAnalysisState, T> context)
        where T : class => context.Saga.FinishedAt is null && context.Saga.ReviewToken is not null && context.Saga.CurrentState != "AwaitingReview";

    internal static bool IsRejected<T>(BehaviorContext<ImageAnalysisState, T> context)
        where T : class => context.Saga.FinishedAt is not null && context.Saga.ReviewDecision == "rejected" && context.Saga.FailureReason is null;

    internal static bool IsCompleted<T>(BehaviorContext<ImageAnalysisState, T> context)
        where T : class => context.Saga.FinishedAt is not null && context.Saga.FailureReason is null && context.Saga.ReviewDecision != "rejected";

    internal static bool IsFailed<T>(BehaviorContext<ImageAnalysisState, T> context)
        where T : class => context.Saga.FinishedAt is not null && context.Saga.FailureReason is not null;

    internal static ImageAnalysisCompleted CompletedOf(ImageAnalysisState saga) => new()
    {
        ImageId = saga.CorrelationId,
        UserId = saga.UserId,
        BatchId = saga.BatchId,
        OriginalFileName = saga.OriginalFileName,
        CompletedAt = new DateTimeOffset(saga.FinishedAt!.Value, TimeSpan.Zero),
        Metadata = saga.Metadata,
        Fingerprint = saga.Fingerprint,
        Detection = saga.Detection,
        Classification = saga.Classification,
        Faces = saga.Faces,
        Moderation = saga.Moderation,
        Insights = saga.Insights,
        Warnings = saga.Warnings.ToList(),
        Redrives = saga.RedriveCount,
    };

    internal static ImageAnalysisFailed FailedOf(ImageAnalysisState saga) => new()
    {
        ImageId = saga.CorrelationId,
        UserId = saga.UserId,
        BatchId = saga.BatchId,
        OriginalFileName = saga.OriginalFileName,
        FailedAt = new DateTimeOffset(saga.FinishedAt!.Value, TimeSpan.Zero),
        FailedStep = saga.FailedStep ?? "",
        ReasonCode = saga.FailureReason ?? AnalysisFailureReasons.StepFaulted,
        Message = saga.FailureMessage ?? "",
        Redrives = saga.RedriveCount,
    };

    internal static async Task DispatchStepsAsync<T>(BehaviorContext<ImageAnalysisState, T> context)
        where T : class
    {
        foreach (var (step, attempt) in context.Saga.StepsToDispatch)
        {
            var endpoint = await context.GetSendEndpoint(ServiceDefaults.Messaging.ImageSagaEndpoints.QueueAddress(step.Queue));
            await endpoint.Send((object)step.CreateCommand(context.Saga, attempt), context.CancellationToken);
        }

        context.Saga.StepsToDispatch.Clear();
    }

    internal bool QuarantinesRejectedImages => _options.Review.OnReject == RejectedImageHandling.Quarantine;

    DateTime Now() => _clock.GetUtcNow().UtcDateTime;

    static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;
}

/// <summary>The join, and the outcome events, in one place for every event that can finish the saga.</summary>
static class ImageAnalysisOutcomeActivities
{
    /// <summary>
    /// Once the analyses have joined, starts enrichment (moving to Enriching) or, when every step has finished, decides
    /// the outcome, publishes it and moves to Completed or Failed. Runs only in Analyzing and Enriching, so the outcome
    /// happens exactly once per saga.
    /// </summary>
    public static EventActivityBinder<ImageAnalysisState, T> JoinAndFinish<T>(this EventActivityBinder<ImageAnalysisState, T> binder,
        ImageAnalysisStateMachine machine)
        where T : class =>
        binder.Then(machine.JoinWhenAllStepsFinished)
            .ThenAsync(ImageAnalysisStateMachine.DispatchStepsAsync)
            .If(ImageAnalysisStateMachine.StartsReview, review => review
                .Publish(context => new ReviewRequested
                {
                    ImageId = context.Saga.CorrelationId,
                    UserId = context.Saga.UserId,
                    TaskToken = context.Saga.ReviewToken!,
                    Reason = context.Saga.ReviewReason ?? "",
                    ExpiresAt = new DateTimeOffset(context.Saga.ReviewDeadlineAt!.Value, TimeSpan.Zero),
                })
                .TransitionTo(machine.AwaitingReview))
            .If(ImageAnalysisStateMachine.IsEnriching, enriching => enriching.TransitionTo(machine.Enriching))
            .If(ImageAnalysisStateMachine.IsRejected, rejected => rejected
                .Publish(context => new ImageRejected
                {
                    ImageId = context.Saga.CorrelationId,
                    UserId = context.Saga.UserId,
                    BatchId = context.Saga.BatchId,
                    StorageKey = context.Saga.StorageKey,
                    RejectedBy = context.Saga.ReviewedBy ?? "",
                    Reason = context.Saga.ReviewReason,
                    Quarantine = machine.QuarantinesRejectedImages,
                    RejectedAt = new DateTimeOffset(context.Saga.FinishedAt!.Value, TimeSpan.Zero),
                })
                .TransitionTo(machine.Rejected))
            .If(ImageAnalysisStateMachine.IsCompleted, completed => completed.PublishCompleted().TransitionTo(machine.Completed))
            .If(ImageAnalysisStateMachine.IsFailed, failed => failed.PublishFailed().TransitionTo(machine.Failed));

    // The outcome's message id is derived from the image id, so a republished outcome deduplicates by id.
    public static EventActivityBinder<ImageAnalysisState, T> PublishCompleted<T>(this EventActivityBinder<ImageAnalysisState, T> binder)
        where T : class =>
        binder.Publish(context => ImageAnalysisStateMachine.CompletedOf(context.Saga),
            publish => publish.MessageId = ImageAnalysisState.OutcomeMessageId(publish.Message.ImageId, publish.Message.Redrives));

    public static EventActivityBinder<ImageAnalysisState, T> PublishFailed<T>(this EventActivityBinder<ImageAnalysisState, T> binder)
        where T : class =>
        binder.Publish(context => ImageAnalysisStateMachine.FailedOf(context.Saga),
            publish => publish.MessageId = ImageAnalysisState.OutcomeMessageId(publish.Message.ImageId, publish.Message.Redrives));
}
