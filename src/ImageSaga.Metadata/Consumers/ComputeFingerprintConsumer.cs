using ImageSaga.Contracts;
using ImageSaga.Imaging;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;

namespace ImageSaga.Metadata.Consumers;

/// <summary>
/// Decodes the image upright, computes its fingerprint and stores the thumbnail beside the original. The thumbnail
/// key is derived from the original's key, so a repeat overwrites the same object with the same bytes.
/// </summary>
public sealed class ComputeFingerprintConsumer(IImageStore store, FingerprintCalculator calculator, IOptions<ImageLimitsOptions> limits,
    ComputeGate gate, VerifiedImageCache verified, DecodedImageCache decoded)
    : AnalysisStepConsumer<ComputeFingerprint>(store, limits, gate, verified)
{
    protected override async Task<object> AnalyzeAsync(ComputeFingerprint command, byte[] image, CancellationToken cancellationToken)
    {
        FingerprintResult result;
        using (var upright = decoded.Acquire(command.Sha256, image, Limits.ToImageLimits()))
            result = calculator.Compute(upright.Image);

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
