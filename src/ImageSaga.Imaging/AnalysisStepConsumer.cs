using ImageSaga.Contracts;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImageSaga.Imaging;

/// <summary>
/// The shape every analysis step shares: read the claim check (limits and SHA-256 verified), analyse, publish the
/// result. Problems the input explains are published as the step's typed failure with a reason code; anything else
/// throws, is retried and redelivered, and finally reaches the saga as <c>Fault&lt;TCommand&gt;</c>.
/// At most <see cref="ComputeGate.Capacity"/> analyses run at once in the process, whichever steps they belong to, and
/// the steps of one image in one process read and hash its stored bytes once (<see cref="VerifiedImageCache"/>).
/// Steps are idempotent: the answer depends only on the stored bytes, so a redelivered command just answers again.
/// </summary>
public abstract class AnalysisStepConsumer<TCommand>(IImageStore store, IOptions<ImageLimitsOptions> limits, ComputeGate gate,
    VerifiedImageCache verified)
    : IConsumer<TCommand>
    where TCommand : class, IAnalysisStepCommand
{
    protected IImageStore Store { get; } = store;

    protected ImageLimitsOptions Limits => limits.Value;

    public async Task Consume(ConsumeContext<TCommand> context)
    {
        var input = await Store.ReadAsync(context.Message, Limits.MaxImageBytes, verified, context.CancellationToken);
        if (!input.IsValid)
        {
            await context.Publish(Failure(context.Message, input.ReasonCode!, input.Message!));
            return;
        }

        object result;
        try
        {
            // Reading the input above is I/O and needs no slot; the analysis is CPU-bound and waits for one.
            result = await gate.RunAsync(() => AnalyzeAsync(context.Message, input.Bytes!, context.CancellationToken), context.CancellationToken);
        }
        catch (ImageRejectedException rejected)
        {
            await context.Publish(Failure(context.Message, rejected.ReasonCode, rejected.Message));
            return;
        }

        await context.Publish(result);
    }

    /// <summary>Analyses verified bytes and returns the result event; throws <see cref="ImageRejectedException"/> for bad input.</summary>
    protected abstract Task<object> AnalyzeAsync(TCommand command, byte[] image, CancellationToken cancellationToken);

    /// <summary>The step's typed failure event.</summary>
    protected abstract object Failure(TCommand command, string reasonCode, string message);
}
