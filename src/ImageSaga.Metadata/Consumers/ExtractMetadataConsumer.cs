using ImageSaga.Contracts;
using ImageSaga.Metadata.Imaging;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImageSaga.Metadata.Consumers;

/// <summary>
/// Reads the image's header and EXIF. Bad input is answered with <see cref="MetadataExtractionFailed"/> and a reason
/// code; only unexpected errors throw (and, after retries, reach the saga as <c>Fault&lt;ExtractMetadata&gt;</c>).
/// Idempotent: the result depends only on the stored bytes, so a redelivered command just answers again.
/// </summary>
public sealed class ExtractMetadataConsumer(IImageStore store, MetadataExtractor extractor, IOptions<ImageLimitsOptions> limits)
    : IConsumer<ExtractMetadata>
{
    public async Task Consume(ConsumeContext<ExtractMetadata> context)
    {
        var command = context.Message;
        var input = await store.ReadAsync(command, limits.Value.MaxImageBytes, context.CancellationToken);
        if (!input.IsValid)
        {
            await PublishFailure(context, input.ReasonCode!, input.Message!);
            return;
        }

        ImageMetadata metadata;
        try
        {
            metadata = extractor.Extract(input.Bytes!);
        }
        catch (ImageRejectedException rejected)
        {
            await PublishFailure(context, rejected.ReasonCode, rejected.Message);
            return;
        }

        await context.Publish(new MetadataExtracted { ImageId = command.ImageId, Metadata = metadata });
    }

    static Task PublishFailure(ConsumeContext<ExtractMetadata> context, string reasonCode, string message) =>
        context.Publish(new MetadataExtractionFailed { ImageId = context.Message.ImageId, ReasonCode = reasonCode, Message = message });
}
