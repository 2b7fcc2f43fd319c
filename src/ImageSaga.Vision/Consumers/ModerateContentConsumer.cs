using ImageSaga.Contracts;
using ImageSaga.Imaging;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using ImageSaga.Vision.Moderation;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSaga.Vision.Consumers;

public sealed class ModerateContentConsumer(IImageStore store, IOptions<ImageLimitsOptions> limits, ComputeGate gate,
    VerifiedImageCache verified, DecodedImageCache decoded, ContentModerator moderator)
    : UprightImageStepConsumer<ModerateContent>(store, limits, gate, verified, decoded)
{
    protected override object Analyze(ModerateContent command, Image<Rgb24> upright) =>
        new ContentModerated { ImageId = command.ImageId, Result = moderator.Moderate(upright) };

    protected override object Failure(ModerateContent command, string reasonCode, string message) =>
        new ContentModerationFailed { ImageId = command.ImageId, ReasonCode = reasonCode, Message = message };
}
