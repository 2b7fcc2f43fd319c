using ImageSaga.Contracts;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSaga.Imaging;

/// <summary>
/// A step that analyses the pixels, decoded upright (EXIF orientation applied first, as every model expects): the
/// fingerprint and the four vision steps. The steps of one image in one process share one decode
/// (<see cref="DecodedImageCache"/>): the first decodes it in its compute slot and goes on to its own analysis there;
/// the others wait for that decode without a slot, then take one for their analysis. Holding a slot while waiting
/// would leave a core idle for the length of a decode, once per image.
/// </summary>
public abstract class UprightImageStepConsumer<TCommand>(IImageStore store, IOptions<ImageLimitsOptions> limits, ComputeGate gate,
    VerifiedImageCache verified, DecodedImageCache decoded)
    : AnalysisStepConsumer<TCommand>(store, limits, gate, verified)
    where TCommand : class, IAnalysisStepCommand
{
    protected sealed override async Task<object> AnalyzeAsync(TCommand command, byte[] image, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var claim = decoded.Claim(command.Sha256);
            if (!claim.MustDecode)
            {
                try
                {
                    // A rejected image faults this task with the decoder's ImageRejectedException: the same typed answer.
                    await claim.Decoded.WaitAsync(cancellationToken);
                }
                catch (DecodeAbandonedException)
                {
                    continue;
                }
            }

            var analysis = await Gate.RunAsync(() => Task.FromResult(Analyze(command,
                claim.MustDecode ? claim.Decode(image, Limits.ToImageLimits()) : claim.Decoded.Result)), cancellationToken);
            return await CompleteAsync(command, analysis, cancellationToken);
        }
    }

    /// <summary>The CPU-bound analysis of the upright image, run in a compute slot: the result event, or what <see cref="CompleteAsync"/> turns into it.</summary>
    protected abstract object Analyze(TCommand command, Image<Rgb24> upright);

    /// <summary>I/O the result needs after the analysis, outside the compute slot (the fingerprint stores its thumbnail).</summary>
    protected virtual Task<object> CompleteAsync(TCommand command, object analysis, CancellationToken cancellationToken) =>
        Task.FromResult(analysis);
}
