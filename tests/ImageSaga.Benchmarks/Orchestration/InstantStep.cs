using ImageSaga.Contracts;
using MassTransit;

namespace ImageSaga.Benchmarks.Orchestration;

/// <summary>
/// A step service that answers its command at once with the smallest valid result, so that what the orchestration
/// scenario measures is the saga, its repository and the transport, not the analyses. Registered once per step queue.
/// The results are chosen so that no review is requested (nothing flagged, no low-confidence label).
/// </summary>
sealed class InstantStep<TCommand> : IConsumer<TCommand>
    where TCommand : class, IAnalysisStepCommand
{
    public Task Consume(ConsumeContext<TCommand> context)
    {
        var imageId = context.Message.ImageId;
        object reply = context.Message switch
        {
            ExtractMetadata => new MetadataExtracted
            {
                ImageId = imageId,
                Metadata = new ImageMetadata { Format = "JPEG", MimeType = "image/jpeg", Width = 640, Height = 480, OrientedWidth = 640, OrientedHeight = 480, BitsPerPixel = 24 },
            },
            ComputeFingerprint => new FingerprintComputed { ImageId = imageId, Fingerprint = new ImageFingerprint { PerceptualHash = "c3c3e1f0f0e1c3c3" } },
            DetectObjects => new ObjectsDetected { ImageId = imageId },
            ClassifyImage => new ImageClassified { ImageId = imageId },
            DetectFaces => new FacesDetected { ImageId = imageId },
            ModerateContent => new ContentModerated { ImageId = imageId },
            EnrichImageAnalysis => new ImageAnalysisEnriched { ImageId = imageId },
            _ => throw new NotSupportedException($"No instant reply for {typeof(TCommand).Name}."),
        };
        return context.Publish(reply, context.CancellationToken);
    }
}
