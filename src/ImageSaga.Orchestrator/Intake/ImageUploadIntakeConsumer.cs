using ImageSaga.Contracts;
using ImageSaga.ServiceDefaults.Storage;
using MassTransit;

namespace ImageSaga.Orchestrator.Intake;

/// <summary>
/// Ingress for uploads published as plain JSON (no MassTransit envelope), e.g. from the RabbitMQ management UI.
/// It validates the claim check before a saga exists and republishes a proper <see cref="ImageUploaded"/>.
/// An invalid message throws <see cref="InvalidUploadMessageException"/>, is not retried, and lands on
/// <c>image-uploads_error</c> with the reason in its headers.
/// </summary>
public sealed class ImageUploadIntakeConsumer(IImageStore store, TimeProvider clock) : IConsumer<ImageUploaded>
{
    public async Task Consume(ConsumeContext<ImageUploaded> context)
    {
        var upload = context.Message;
        if (upload.ImageId == Guid.Empty)
            throw new InvalidUploadMessageException("imageId is missing or empty.");
        if (string.IsNullOrWhiteSpace(upload.UserId))
            throw new InvalidUploadMessageException("userId is missing.");
        if (!StorageKey.IsValid(upload.StorageKey))
            throw new InvalidUploadMessageException($"storageKey '{upload.StorageKey}' is not a valid key of the image store.");
        if (upload.Sha256.Length != 64 || !upload.Sha256.All(char.IsAsciiHexDigit))
            throw new InvalidUploadMessageException("sha256 must be 64 hexadecimal digits.");

        var length = await store.GetLengthAsync(upload.StorageKey, context.CancellationToken)
            ?? throw new InvalidUploadMessageException($"Nothing is stored under '{upload.StorageKey}'; put the image into the store first.");

        await context.Publish(upload with
        {
            Sha256 = upload.Sha256.ToLowerInvariant(),
            Length = length,
            UploadedAt = upload.UploadedAt == default ? clock.GetUtcNow() : upload.UploadedAt,
            OriginalFileName = string.IsNullOrWhiteSpace(upload.OriginalFileName) ? Path.GetFileName(upload.StorageKey) : upload.OriginalFileName,
        });
    }
}

public sealed class InvalidUploadMessageException(string message) : Exception(message);
