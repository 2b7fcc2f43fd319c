using ImageSaga.Contracts;
using ImageSaga.Metadata.Imaging;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImageSaga.Metadata.Consumers;

/// <summary>
/// Decodes the image upright, computes its fingerprint and stores the thumbnail beside the original. Idempotent:
/// the thumbnail key is derived from the original's key, so a repeat overwrites the same object with the same bytes.
/// </summary>
public sealed class ComputeFingerprintConsumer(IImageStore store, FingerprintCalculator calculator, IOptions<ImageLimitsOptions> limits)
    : IConsumer<ComputeFingerprint>
{
    public async Task Consume(ConsumeContext<ComputeFingerprint> context)
    {
        var command = context.Message;
        var input = await store.ReadAsync(command, limits.Value.MaxImageBytes, context.CancellationToken);
        if (!input.IsValid)
        {
            await PublishFailure(context, input.ReasonCode!, input.Message!);
            return;
        }

        FingerprintResult result;
        try
        {
            using var upright = ImageInspector.DecodeUpright(input.Bytes!, limits.Value.ToImageLimits());
            result = calculator.Compute(upright);
        }
        catch (ImageRejectedException rejected)
        {
            await PublishFailure(context, rejected.ReasonCode, rejected.Message);
            return;
        }

        var thumbnailKey = StorageKey.ForThumbnail(command.StorageKey);
        using (var thumbnail = new MemoryStream(result.ThumbnailJpeg, writable: false))
            await store.WriteAsync(thumbnailKey, thumbnail, context.CancellationToken);

        await context.Publish(new FingerprintComputed
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
        });
    }

    static Task PublishFailure(ConsumeContext<ComputeFingerprint> context, string reasonCode, string message) =>
        context.Publish(new FingerprintComputationFailed { ImageId = context.Message.ImageId, ReasonCode = reasonCode, Message = message });
}
