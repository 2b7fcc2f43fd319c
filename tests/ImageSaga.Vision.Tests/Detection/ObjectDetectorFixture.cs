using ImageSaga.Vision.Detection;
using ImageSaga.Vision.Tests.Support;

namespace ImageSaga.Vision.Tests.Detection;

/// <summary>One detector (one ONNX session) for every test in a class.</summary>
public sealed class ObjectDetectorFixture : IDisposable
{
    public ObjectDetector Detector { get; } =
        new(VisionModels.Loader, Microsoft.Extensions.Options.Options.Create(VisionModels.Options));

    public void Dispose() => Detector.Dispose();
}
