using ImageSaga.Contracts;
using MassTransit;

namespace ImageSaga.Orchestrator.Batches;

/// <summary>
/// The batch coordinator: <see cref="SubmitBatch"/> starts the first <c>MaxInFlight</c> images; each image's outcome
/// (which carries the batch id) starts the next; when all have finished it publishes <see cref="BatchFinished"/>.
/// The images are ordinary image-analysis sagas: they can be cancelled, reviewed and redriven on their own.
/// </summary>
public sealed class BatchStateMachine : MassTransitStateMachine<BatchState>
{
    readonly TimeProvider _clock;

    public State Running { get; private set; } = null!;
    public State Finished { get; private set; } = null!;

    public Event<SubmitBatch> Submitted { get; private set; } = null!;
    public Event<ImageAnalysisCompleted> ImageCompleted { get; private set; } = null!;
    public Event<ImageAnalysisFailed> ImageFailed { get; private set; } = null!;
    public Event<ImageAnalysisCancelled> ImageCancelled { get; private set; } = null!;
    public Event<ImageRejected> ImageRejected { get; private set; } = null!;

    public BatchStateMachine(TimeProvider clock)
    {
        _clock = clock;
        InstanceState(batch => batch.CurrentState);

        Event(() => Submitted, e => e.CorrelateById(context => context.Message.BatchId));
        // Outcomes of images outside any batch have no batch id: there is no batch to find, and they are dropped here.
        Outcome(() => ImageCompleted, message => message.BatchId);
        Outcome(() => ImageFailed, message => message.BatchId);
        Outcome(() => ImageCancelled, message => message.BatchId);
        Outcome(() => ImageRejected, message => message.BatchId);

        Initially(
            When(Submitted)
                .Then(context => context.Saga.Start(context.Message, Now()))
                .ThenAsync(StartImagesAsync)
                .If(context => context.Saga.IsDone, empty => empty.Then(context => context.Saga.FinishedAt = Now()).PublishFinished().TransitionTo(Finished))
                .If(context => !context.Saga.IsDone, running => running.TransitionTo(Running)));

        During(Running,
            Ignore(Submitted),
            ImageFinished(ImageCompleted, message => message.ImageId, "completed"),
            ImageFinished(ImageFailed, message => message.ImageId, "failed"),
            ImageFinished(ImageCancelled, message => message.ImageId, "cancelled"),
            ImageFinished(ImageRejected, message => message.ImageId, "rejected"));

        During(Finished,
            Ignore(Submitted),
            Ignore(ImageCompleted),
            Ignore(ImageFailed),
            Ignore(ImageCancelled),
            Ignore(ImageRejected));
    }

    void Outcome<T>(System.Linq.Expressions.Expression<Func<Event<T>?>> propertyExpression, Func<T, Guid?> batchId)
        where T : class =>
        Event(propertyExpression!, e =>
        {
            e.CorrelateById(context => batchId(context.Message) ?? Guid.Empty);
            e.OnMissingInstance(missing => missing.Discard());
        });

    EventActivityBinder<BatchState, T> ImageFinished<T>(Event<T> @event, Func<T, Guid> imageId, string outcome)
        where T : class =>
        When(@event)
            .Then(context => context.Saga.Finished(imageId(context.Message), outcome, Now()))
            .ThenAsync(StartImagesAsync)
            .If(context => context.Saga.IsDone, done => done.PublishFinished().TransitionTo(Finished));

    static async Task StartImagesAsync<T>(BehaviorContext<BatchState, T> context)
        where T : class
    {
        foreach (var upload in context.Saga.ToStart)
            await context.Publish(upload, context.CancellationToken);
        context.Saga.ToStart.Clear();
    }

    DateTime Now() => _clock.GetUtcNow().UtcDateTime;
}

static class BatchActivities
{
    public static EventActivityBinder<BatchState, T> PublishFinished<T>(this EventActivityBinder<BatchState, T> binder)
        where T : class =>
        binder.Publish(context => new BatchFinished
        {
            BatchId = context.Saga.CorrelationId,
            UserId = context.Saga.UserId,
            Total = context.Saga.Total,
            Completed = context.Saga.Completed,
            Failed = context.Saga.Failed,
            Stopped = context.Saga.Stopped,
            FinishedAt = new DateTimeOffset(context.Saga.FinishedAt ?? DateTime.UtcNow, TimeSpan.Zero),
        });
}
