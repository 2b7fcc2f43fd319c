using ImageSaga.Contracts;
using MassTransit;

namespace ImageSaga.Orchestrator.Queries;

/// <summary>
/// Answers <see cref="GetImageAnalysisStatus"/> from the saga repository, for any service holding a MassTransit
/// request client (<c>IRequestClient&lt;GetImageAnalysisStatus&gt;</c> with both response types).
/// </summary>
public sealed class ImageAnalysisStatusQueryConsumer(ILoadSagaRepository<ImageAnalysisState> sagas) : IConsumer<GetImageAnalysisStatus>
{
    /// <summary>The queries' own queue, so a backlog of saga messages never delays an answer.</summary>
    public const string Queue = "image-analysis-queries";

    public async Task Consume(ConsumeContext<GetImageAnalysisStatus> context)
    {
        var saga = await sagas.Load(context.Message.ImageId);
        if (saga is null)
        {
            await context.RespondAsync(new ImageAnalysisNotFound { ImageId = context.Message.ImageId });
            return;
        }

        await context.RespondAsync(new ImageAnalysisStatusReport
        {
            ImageId = saga.CorrelationId,
            UserId = saga.UserId,
            State = saga.CurrentState,
            Steps = saga.Steps.ToDictionary(pair => pair.Key, pair => pair.Value.Status.ToString()),
            FinishedAt = saga.FinishedAt is { } finished ? new DateTimeOffset(finished, TimeSpan.Zero) : null,
            FailedStep = saga.FailedStep,
            FailureReason = saga.FailureReason,
            Redrives = saga.RedriveCount,
            HistoryLength = saga.HistoryLength,
        });
    }
}
