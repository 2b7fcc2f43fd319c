using ImageSaga.Contracts;
using ImageSaga.Imaging;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;

namespace ImageSaga.Metadata.Consumers;

/// <summary>Reads the image's header and EXIF, without decoding its pixels.</summary>
public sealed class ExtractMetadataConsumer(IImageStore store, MetadataExtractor extractor, IOptions<ImageLimitsOptions> limits, ComputeGate gate,
    VerifiedImageCache verified)
    : AnalysisStepConsumer<ExtractMetadata>(store, limits, gate, verified)
{
    protected override Task<object> AnalyzeAsync(ExtractMetadata command, byte[] image, CancellationToken cancellationToken) =>
        Gate.RunAsync(() => Task.FromResult<object>(new MetadataExtracted { ImageId = command.ImageId, Metadata = extractor.Extract(image) }),
            cancellationToken);

    protected override object Failure(ExtractMetadata command, string reasonCode, string message) =>
        new MetadataExtractionFailed { ImageId = command.ImageId, ReasonCode = reasonCode, Message = message };
}
