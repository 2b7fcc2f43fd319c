using ImageSaga.Contracts;
using ImageSaga.Imaging;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using ImageSaga.Vision.Detection;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSaga.Vision.Consumers;

public sealed class DetectObjectsConsumer(IImageStore store, IOptions<ImageLimitsOptions> limits, ComputeGate gate,
    VerifiedImageCache verified, DecodedImageCache decoded, ObjectDetector detector)
    : UprightImageStepConsumer<DetectObjects>(store, limits, gate, verified, decoded)
{
    protected override object Analyze(DetectObjects command, Image<Rgb24> upright) =>
        new ObjectsDetected { ImageId = command.ImageId, Result = detector.Detect(upright) };

    protected override object Failure(DetectObjects command, string reasonCode, string message) =>
        new ObjectDetectionFailed { ImageId = command.ImageId, ReasonCode = reasonCode, Message = message };
}
