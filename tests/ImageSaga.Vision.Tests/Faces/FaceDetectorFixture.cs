using ImageSaga.Vision.Faces;
using ImageSaga.Vision.Tests.Support;

namespace ImageSaga.Vision.Tests.Faces;

/// <summary>One YuNet session for every test in a class, as the service holds one per process.</summary>
public sealed class FaceDetectorFixture : IDisposable
{
    public FaceDetector Detector { get; } =
        new(VisionModels.Loader, Microsoft.Extensions.Options.Options.Create(VisionModels.Options));

    public void Dispose() => Detector.Dispose();
}
