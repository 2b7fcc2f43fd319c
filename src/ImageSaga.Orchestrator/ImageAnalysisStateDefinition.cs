using ImageSaga.Contracts;
using ImageSaga.ServiceDefaults.Messaging;
using MassTransit;

namespace ImageSaga.Orchestrator;

/// <summary>Endpoint policy for the saga: its queue name, retry around the outbox, and the outbox itself.</summary>
public sealed class ImageAnalysisStateDefinition : SagaDefinition<ImageAnalysisState>
{
    public ImageAnalysisStateDefinition() => EndpointName = ImageSagaEndpoints.ImageAnalysisSaga;

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator,
        ISagaConfigurator<ImageAnalysisState> sagaConfigurator, IRegistrationContext context)
    {
        // Retry sits outside the outbox: an optimistic-concurrency conflict (several replies for one saga at once),
        // a duplicate insert (two uploads of one image) or a dropped database connection re-runs the whole message
        // with a fresh DbContext, and the commands buffered by the failed attempt are thrown away, not sent.
        endpointConfigurator.UseMessageRetry(retry =>
            retry.Exponential(12, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(25)));
        endpointConfigurator.UseInMemoryOutbox(context);
        PartitionByImage(endpointConfigurator);
    }

    /// <summary>
    /// Six analyses answer one saga at nearly the same moment. Partitioning by image id makes one process handle a
    /// saga's messages one at a time (other sagas still run in parallel), so they stop conflicting on its row; the
    /// optimistic concurrency check stays, for other processes. Every message the saga consumes is listed here.
    /// </summary>
    static void PartitionByImage(IReceiveEndpointConfigurator endpoint)
    {
        var partitioner = endpoint.CreatePartitioner(Math.Max(8, Environment.ProcessorCount * 4));

        void Partition<T>(Func<T, Guid> imageId)
            where T : class => endpoint.UsePartitioner<T>(partitioner, context => imageId(context.Message));

        Partition<ImageUploaded>(message => message.ImageId);
        Partition<ImageAnalysisDeadlineReached>(message => message.ImageId);
        Partition<CancelImageAnalysis>(message => message.ImageId);
        Partition<RedriveImageAnalysis>(message => message.ImageId);
        Partition<SubmitReviewDecision>(message => message.ImageId);
        Partition<ImageAnalysisCompleted>(message => message.ImageId);
        Partition<ImageAnalysisFailed>(message => message.ImageId);
        Partition<MetadataExtracted>(message => message.ImageId);
        Partition<MetadataExtractionFailed>(message => message.ImageId);
        Partition<Fault<ExtractMetadata>>(fault => fault.Message.ImageId);
        Partition<FingerprintComputed>(message => message.ImageId);
        Partition<FingerprintComputationFailed>(message => message.ImageId);
        Partition<Fault<ComputeFingerprint>>(fault => fault.Message.ImageId);
        Partition<ObjectsDetected>(message => message.ImageId);
        Partition<ObjectDetectionFailed>(message => message.ImageId);
        Partition<Fault<DetectObjects>>(fault => fault.Message.ImageId);
        Partition<ImageClassified>(message => message.ImageId);
        Partition<ImageClassificationFailed>(message => message.ImageId);
        Partition<Fault<ClassifyImage>>(fault => fault.Message.ImageId);
        Partition<FacesDetected>(message => message.ImageId);
        Partition<FaceDetectionFailed>(message => message.ImageId);
        Partition<Fault<DetectFaces>>(fault => fault.Message.ImageId);
        Partition<ContentModerated>(message => message.ImageId);
        Partition<ContentModerationFailed>(message => message.ImageId);
        Partition<Fault<ModerateContent>>(fault => fault.Message.ImageId);
        Partition<ImageAnalysisEnriched>(message => message.ImageId);
        Partition<ImageEnrichmentFailed>(message => message.ImageId);
        Partition<Fault<EnrichImageAnalysis>>(fault => fault.Message.ImageId);
        Partition<NotificationDeliveryUpdated>(message => message.ImageId);
    }
}
