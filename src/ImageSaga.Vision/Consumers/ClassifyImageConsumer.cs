using ImageSaga.Contracts;
using ImageSaga.Imaging;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using ImageSaga.Vision.Classification;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSaga.Vision.Consumers;

public sealed class ClassifyImageConsumer(IImageStore store, IOptions<ImageLimitsOptions> limits, ComputeGate gate,
    VerifiedImageCache verified, DecodedImageCache decoded, ImageClassifier classifier)
    : UprightImageStepConsumer<ClassifyImage>(store, limits, gate, verified, decoded)
{
    protected override object Analyze(ClassifyImage command, Image<Rgb24> upright) =>
        new ImageClassified { ImageId = command.ImageId, Result = classifier.Classify(upright) };

    protected override object Failure(ClassifyImage command, string reasonCode, string message) =>
        new ImageClassificationFailed { ImageId = command.ImageId, ReasonCode = reasonCode, Message = message };
}
