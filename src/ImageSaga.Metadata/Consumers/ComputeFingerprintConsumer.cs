using ImageSaga.Contracts;
using ImageSaga.Imaging;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSaga.Metadata.Consumers;

/// <summary>
/// Computes the image's fingerprint from its upright pixels and stores the thumbnail beside the original (after the
/// compute slot: a write is I/O). The thumbnail key is derived from the original's key, so a repeat overwrites the
/// same object with the same bytes.
/// </summary>
public sealed class ComputeFingerprintConsumer(IImageStore store, FingerprintCalculator calculator, IOptions<ImageLimitsOptions> limits,
    ComputeGate gate, VerifiedImageCache verified, DecodedImageCache decoded)
    : UprightImageStepConsumer<ComputeFingerprint>(store, limits, gate, verified, decoded)
{
    protected override object Analyze(ComputeFingerprint command, Image<Rgb24> upright) => calculator.Compute(upright);

    protected override async Task<object> CompleteAsync(ComputeFingerprint command, object analysis, CancellationToken cancellationToken)
    {
        var result = (FingerprintResult)analysis;
        var thumbnailKey = StorageKey.ForThumbnail(command.StorageKey);
        using (var thumbnail = new MemoryStream(result.ThumbnailJpeg, writable: false))
            await Store.WriteAsync(thumbnailKey, thumbnail, cancellationToken);

        return new FingerprintComputed
        {
            ImageId = command.ImageId,
            Fingerprint = new ImageFingerprint
            {
                ThumbnailKey = thumbnailKey,
                ThumbnailWidth = result.ThumbnailWidth,
                ThumbnailHeight = result.ThumbnailHeight,
                PerceptualHash = result.PerceptualHash,
                DominantColors = result.DominantColors,
                Quality = result.Quality,
            },
        };
    }

    protected override object Failure(ComputeFingerprint command, string reasonCode, string message) =>
        new FingerprintComputationFailed { ImageId = command.ImageId, ReasonCode = reasonCode, Message = message };
}
