using ImageSaga.Vision.Classification;
using ImageSaga.Vision.Tests.Support;

namespace ImageSaga.Vision.Tests.Classification;

/// <summary>One classifier (one ONNX session) for every test in a class.</summary>
public sealed class ImageClassifierFixture : IDisposable
{
    public ImageClassifier Classifier { get; } =
        new(VisionModels.Loader, Microsoft.Extensions.Options.Options.Create(VisionModels.Options));

    public void Dispose() => Classifier.Dispose();
}
