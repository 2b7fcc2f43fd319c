using ImageSaga.ServiceDefaults;
using ImageSaga.ServiceDefaults.Messaging;

namespace ImageSaga.Deployment.Tests.Infrastructure;

/// <summary>
/// Which queues each service consumes. The association lives in each service's consumer definitions; the names are
/// the code's own constants, so a renamed queue follows by itself, and a new constant or a new service fails
/// <c>Every_queue_in_the_code_is_consumed_by_exactly_one_service</c> until it is placed here (and scaled, or not).
/// </summary>
static class ServiceQueues
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> ByService = new Dictionary<string, IReadOnlyList<string>>
    {
        [ServiceSelection.Orchestrator] = [ImageSagaEndpoints.ImageAnalysisSaga, ImageSagaEndpoints.ImageUploadIntake, ImageSagaEndpoints.Scheduler],
        [ServiceSelection.Metadata] = [ImageSagaEndpoints.ExtractMetadata, ImageSagaEndpoints.ComputeFingerprint],
        [ServiceSelection.Detection] = [ImageSagaEndpoints.DetectObjects],
        [ServiceSelection.Classification] = [ImageSagaEndpoints.ClassifyImage],
        [ServiceSelection.Faces] = [ImageSagaEndpoints.DetectFaces],
        [ServiceSelection.Moderation] = [ImageSagaEndpoints.ModerateContent],
        [ServiceSelection.Enrichment] = [ImageSagaEndpoints.EnrichImageAnalysis],
        [ServiceSelection.Notifications] = [ImageSagaEndpoints.NotifyUsers, ImageSagaEndpoints.DeliverWebhooks],
        // Its only queue is a temporary one per instance, for live notification streams.
        [ServiceSelection.Api] = [],
    };

    /// <summary>Not scaled on queue length, by decision: see deploy/README.md, "Scaling".</summary>
    public static readonly IReadOnlySet<string> NotQueueScaled = new HashSet<string> { ServiceSelection.Orchestrator, ServiceSelection.Api };

    public static IReadOnlyList<string> QueueScaled => [.. ServiceSelection.Known.Where(service => !NotQueueScaled.Contains(service))];
}
