using ImageSaga.Contracts;
using ImageSaga.Imaging;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using ImageSaga.Vision.Faces;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSaga.Vision.Consumers;

public sealed class DetectFacesConsumer(IImageStore store, IOptions<ImageLimitsOptions> limits, ComputeGate gate,
    VerifiedImageCache verified, DecodedImageCache decoded, FaceDetector detector)
    : UprightImageStepConsumer<DetectFaces>(store, limits, gate, verified, decoded)
{
    protected override object Analyze(DetectFaces command, Image<Rgb24> upright) =>
        new FacesDetected { ImageId = command.ImageId, Result = detector.Detect(upright) };

    protected override object Failure(DetectFaces command, string reasonCode, string message) =>
        new FaceDetectionFailed { ImageId = command.ImageId, ReasonCode = reasonCode, Message = message };
}
