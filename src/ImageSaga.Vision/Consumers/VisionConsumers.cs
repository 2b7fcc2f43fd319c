using ImageSaga.Contracts;
using ImageSaga.Imaging;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using ImageSaga.Vision.Classification;
using ImageSaga.Vision.Detection;
using ImageSaga.Vision.Faces;
using ImageSaga.Vision.Moderation;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSaga.Vision.Consumers;

public sealed class DetectObjectsConsumer(IImageStore store, IOptions<ImageLimitsOptions> limits, DecodedImageCache decoded, ObjectDetector detector)
    : VisionStepConsumer<DetectObjects>(store, limits, decoded)
{
    protected override object Analyze(DetectObjects command, Image<Rgb24> upright) =>
        new ObjectsDetected { ImageId = command.ImageId, Result = detector.Detect(upright) };

    protected override object Failure(DetectObjects command, string reasonCode, string message) =>
        new ObjectDetectionFailed { ImageId = command.ImageId, ReasonCode = reasonCode, Message = message };
}

public sealed class ClassifyImageConsumer(IImageStore store, IOptions<ImageLimitsOptions> limits, DecodedImageCache decoded, ImageClassifier classifier)
    : VisionStepConsumer<ClassifyImage>(store, limits, decoded)
{
    protected override object Analyze(ClassifyImage command, Image<Rgb24> upright) =>
        new ImageClassified { ImageId = command.ImageId, Result = classifier.Classify(upright) };

    protected override object Failure(ClassifyImage command, string reasonCode, string message) =>
        new ImageClassificationFailed { ImageId = command.ImageId, ReasonCode = reasonCode, Message = message };
}

public sealed class DetectFacesConsumer(IImageStore store, IOptions<ImageLimitsOptions> limits, DecodedImageCache decoded, FaceDetector detector)
    : VisionStepConsumer<DetectFaces>(store, limits, decoded)
{
    protected override object Analyze(DetectFaces command, Image<Rgb24> upright) =>
        new FacesDetected { ImageId = command.ImageId, Result = detector.Detect(upright) };

    protected override object Failure(DetectFaces command, string reasonCode, string message) =>
        new FaceDetectionFailed { ImageId = command.ImageId, ReasonCode = reasonCode, Message = message };
}

public sealed class ModerateContentConsumer(IImageStore store, IOptions<ImageLimitsOptions> limits, DecodedImageCache decoded, ContentModerator moderator)
    : VisionStepConsumer<ModerateContent>(store, limits, decoded)
{
    protected override object Analyze(ModerateContent command, Image<Rgb24> upright) =>
        new ContentModerated { ImageId = command.ImageId, Result = moderator.Moderate(upright) };

    protected override object Failure(ModerateContent command, string reasonCode, string message) =>
        new ContentModerationFailed { ImageId = command.ImageId, ReasonCode = reasonCode, Message = message };
}
