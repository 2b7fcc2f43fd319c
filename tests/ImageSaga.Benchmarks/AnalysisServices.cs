using ImageSaga.Imaging;
using ImageSaga.Metadata;
using ImageSaga.Vision.Classification;
using ImageSaga.Vision.Detection;
using ImageSaga.Vision.Faces;
using ImageSaga.Vision.Models;
using ImageSaga.Vision.Moderation;
using Microsoft.Extensions.Options;

namespace ImageSaga.Benchmarks;

/// <summary>
/// The six pure analysis services, built without a bus exactly as the host's container builds them (default
/// <see cref="VisionOptions"/>: one ONNX thread per inference, models beside the executable).
/// </summary>
sealed class AnalysisServices : IDisposable
{
    public AnalysisServices()
    {
        var options = Options.Create(new VisionOptions());
        var loader = new ModelLoader(options);
        Detector = new ObjectDetector(loader, options);
        Classifier = new ImageClassifier(loader, options);
        Faces = new FaceDetector(loader, options);
        Moderator = new ContentModerator(loader, options);
    }

    public ImageLimits Limits { get; } = ImageLimits.Default;

    public MetadataExtractor Metadata { get; } = new(ImageLimits.Default);

    public FingerprintCalculator Fingerprint { get; } = new();

    public ObjectDetector Detector { get; }

    public ImageClassifier Classifier { get; }

    public FaceDetector Faces { get; }

    public ContentModerator Moderator { get; }

    public void Dispose()
    {
        Detector.Dispose();
        Classifier.Dispose();
        Faces.Dispose();
        Moderator.Dispose();
    }
}
