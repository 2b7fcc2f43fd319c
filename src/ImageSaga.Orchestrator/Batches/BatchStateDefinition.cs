using ImageSaga.Contracts;
using MassTransit;

namespace ImageSaga.Orchestrator.Batches;

/// <summary>The batch coordinator's queue: retry outside the outbox, one batch's messages one at a time.</summary>
public sealed class BatchStateDefinition : SagaDefinition<BatchState>
{
    public const string Queue = "image-batches";

    public BatchStateDefinition() => EndpointName = Queue;

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<BatchState> sagaConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry =>
            retry.Exponential(12, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(25)));
        endpointConfigurator.UseInMemoryOutbox(context);

        // Outcomes of one batch's images arrive together; one at a time per batch keeps them from conflicting on its row.
        var partitioner = endpointConfigurator.CreatePartitioner(Math.Max(8, Environment.ProcessorCount * 4));
        endpointConfigurator.UsePartitioner<SubmitBatch>(partitioner, c => c.Message.BatchId);
        endpointConfigurator.UsePartitioner<ImageAnalysisCompleted>(partitioner, c => c.Message.BatchId ?? Guid.Empty);
        endpointConfigurator.UsePartitioner<ImageAnalysisFailed>(partitioner, c => c.Message.BatchId ?? Guid.Empty);
        endpointConfigurator.UsePartitioner<ImageAnalysisCancelled>(partitioner, c => c.Message.BatchId ?? Guid.Empty);
        endpointConfigurator.UsePartitioner<ImageRejected>(partitioner, c => c.Message.BatchId ?? Guid.Empty);
    }
}
