using ImageSaga.Contracts;
using ImageSaga.ServiceDefaults.Storage;
using MassTransit;

namespace ImageSaga.Orchestrator.Review;

/// <summary>
/// Takes a rejected image's original out of circulation: moved under <c>quarantine/</c> in the image store (for audit
/// or appeal) or deleted, as configured. Idempotent: an original that is already gone is done.
/// </summary>
public sealed class RejectedImageCleanupConsumer(IImageStore store) : IConsumer<ImageRejected>
{
    public const string Queue = "rejected-images";

    public async Task Consume(ConsumeContext<ImageRejected> context)
    {
        var key = context.Message.StorageKey;
        if (!StorageKey.IsValid(key) || await store.GetLengthAsync(key, context.CancellationToken) is null)
            return;

        if (context.Message.Quarantine)
        {
            await using var original = await store.OpenReadAsync(key, context.CancellationToken);
            await store.WriteAsync($"quarantine/{key}", original, context.CancellationToken);
        }

        await store.DeleteAsync(key, context.CancellationToken);
    }
}
