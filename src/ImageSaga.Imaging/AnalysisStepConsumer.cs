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
/// A read of the stored image that hangs is given up after <see cref="ImageLimitsOptions.StoredImageReadTimeout"/>.
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
        StepInput input;
        using (var reading = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken))
        {
            reading.CancelAfter(Limits.StoredImageReadTimeout);
            try
            {
                input = await Store.ReadAsync(context.Message, Limits.MaxImageBytes, verified, reading.Token);
            }
            catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
            {
                // The read hangs: free this consumer slot for the images queued behind it. No answer is sent, so the
                // saga's step deadline decides, as for a command lost with a process: it re-sends or times the step out.
                LogContext.Warning?.Log("Gave up {Step} of image {ImageId}: reading '{StorageKey}' took longer than {Timeout}",
                    typeof(TCommand).Name, context.Message.ImageId, context.Message.StorageKey, Limits.StoredImageReadTimeout);
                return;
            }
        }

        if (!input.IsValid)
        {
            await context.Publish(Failure(context.Message, input.ReasonCode!, input.Message!));
            return;
        }

        object result;
        try
        {
            result = await AnalyzeAsync(context.Message, input.Bytes!, context.CancellationToken);
        }
        catch (ImageRejectedException rejected)
        {
            await context.Publish(Failure(context.Message, rejected.ReasonCode, rejected.Message));
            return;
        }

        await context.Publish(result);
    }

    /// <summary>
    /// Analyses verified bytes and returns the result event; throws <see cref="ImageRejectedException"/> for bad input.
    /// Reading the input is I/O and needed no slot; the CPU-bound part of the analysis runs in one of
    /// <see cref="Gate"/>'s slots, and nothing that waits (another step's decode, a write to the store) should.
    /// </summary>
    protected abstract Task<object> AnalyzeAsync(TCommand command, byte[] image, CancellationToken cancellationToken);

    /// <summary>The process's compute slots, shared by all its steps.</summary>
    protected ComputeGate Gate { get; } = gate;

    /// <summary>The step's typed failure event.</summary>
    protected abstract object Failure(TCommand command, string reasonCode, string message);
}
