using ImageSaga.Contracts;
using ImageSaga.Imaging;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSaga.Vision.Consumers;

/// <summary>
/// A vision step: decode the verified bytes upright (EXIF orientation applied first, as every model expects), run
/// one model, publish its result. Steps of the same image in the same process share the decode through
/// <see cref="DecodedImageCache"/>. Inference is CPU-bound and synchronous; the endpoint's concurrency limit and
/// the process's <see cref="ComputeGate"/>, not this class, decide how many run at once.
/// </summary>
public abstract class VisionStepConsumer<TCommand>(IImageStore store, IOptions<ImageLimitsOptions> limits, ComputeGate gate,
    VerifiedImageCache verified, DecodedImageCache decoded)
    : AnalysisStepConsumer<TCommand>(store, limits, gate, verified)
    where TCommand : class, IAnalysisStepCommand
{
    protected sealed override Task<object> AnalyzeAsync(TCommand command, byte[] image, CancellationToken cancellationToken)
    {
        using var upright = decoded.Acquire(command.Sha256, image, Limits.ToImageLimits());
        return Task.FromResult(Analyze(command, upright.Image));
    }

    protected abstract object Analyze(TCommand command, Image<Rgb24> upright);
}
