namespace ImageSaga.ServiceDefaults.Messaging;

/// <summary>
/// Queue names are part of the operational contract: they are what people see in the RabbitMQ management UI and what
/// they scale on, so they are fixed here rather than derived from class names that may be refactored.
/// </summary>
public static class ImageSagaEndpoints
{
    /// <summary>The saga's queue: uploads, step results, failures, faults and deadlines.</summary>
    public const string ImageAnalysisSaga = "image-analysis-saga";

    /// <summary>Plain-JSON ingress: an <c>ImageUploaded</c> without MassTransit's envelope, e.g. from the management UI.</summary>
    public const string ImageUploadIntake = "image-uploads";

    /// <summary>The durable message scheduler (Schedule/Unschedule, delayed redelivery) on RabbitMQ.</summary>
    public const string Scheduler = "imagesaga-scheduler";

    public const string ExtractMetadata = "extract-metadata";

    public const string ComputeFingerprint = "compute-fingerprint";

    public const string DetectObjects = "detect-objects";

    public const string ClassifyImage = "classify-image";

    public const string DetectFaces = "detect-faces";

    public const string ModerateContent = "moderate-content";

    /// <summary>The enrichment service: insights from the joined results, the user's preferences and history.</summary>
    public const string EnrichImageAnalysis = "enrich-image-analysis";

    /// <summary>The notification service's inbound outcomes (<c>ImageAnalysisCompleted</c>, <c>ImageAnalysisFailed</c>).</summary>
    public const string NotifyUsers = "notify-users";

    /// <summary>Webhook deliveries, each retry scheduled through the message scheduler.</summary>
    public const string DeliverWebhooks = "deliver-webhooks";

    public static Uri QueueAddress(string queue) => new($"queue:{queue}");
}
