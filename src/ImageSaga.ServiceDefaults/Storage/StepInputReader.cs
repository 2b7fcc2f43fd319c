using ImageSaga.Contracts;

namespace ImageSaga.ServiceDefaults.Storage;

/// <summary>The bytes a step analyses, or why it cannot: a typed reason the step reports instead of throwing.</summary>
public readonly record struct StepInput(byte[]? Bytes, string? ReasonCode, string? Message)
{
    public bool IsValid => Bytes is not null;
}

public static class StepInputReader
{
    /// <summary>
    /// Validates a step command and reads its image from the store, verifying the SHA-256. Problems that retrying
    /// cannot fix (bad key, missing object, wrong checksum, too large) come back as reason codes; I/O errors throw,
    /// so the consumer's retry policy deals with them.
    /// </summary>
    public static Task<StepInput> ReadAsync(this IImageStore store, IAnalysisStepCommand command, long maxBytes,
        CancellationToken cancellationToken) => store.ReadAsync(command, maxBytes, cache: null, cancellationToken);

    /// <summary>
    /// As <see cref="ReadAsync(IImageStore, IAnalysisStepCommand, long, CancellationToken)"/>, sharing the read and the
    /// SHA-256 with the other steps of the same image in this process through <paramref name="cache"/>. The object's
    /// length is still looked up every time, so a deleted, resized or oversized object is reported as without the cache.
    /// </summary>
    public static async Task<StepInput> ReadAsync(this IImageStore store, IAnalysisStepCommand command, long maxBytes,
        VerifiedImageCache? cache, CancellationToken cancellationToken)
    {
        if (!StorageKey.IsValid(command.StorageKey))
            return new(null, AnalysisFailureReasons.InvalidStorageKey, $"The storage key '{command.StorageKey}' is not a valid key.");
        if (command.Sha256.Length != 64 || !command.Sha256.All(char.IsAsciiHexDigit))
            return new(null, AnalysisFailureReasons.InvalidRequest, "The command's sha256 is not 64 hexadecimal digits.");

        try
        {
            if (cache is null)
                return new(await store.ReadVerifiedAsync(command.StorageKey, command.Sha256, maxBytes, cancellationToken), null, null);

            var length = await store.GetLengthAsync(command.StorageKey, cancellationToken) ?? throw new StoredImageNotFoundException(command.StorageKey);
            if (length > maxBytes)
                throw new StoredImageTooLargeException(command.StorageKey, length, maxBytes);
            var bytes = await cache.GetOrReadAsync(command.StorageKey, command.Sha256, length,
                read => store.ReadVerifiedAsync(command.StorageKey, command.Sha256, maxBytes, read), cancellationToken);
            return new(bytes, null, null);
        }
        catch (StoredImageNotFoundException exception)
        {
            return new(null, AnalysisFailureReasons.NotFound, exception.Message);
        }
        catch (ChecksumMismatchException exception)
        {
            return new(null, AnalysisFailureReasons.ChecksumMismatch, exception.Message);
        }
        catch (StoredImageTooLargeException exception)
        {
            return new(null, AnalysisFailureReasons.TooLarge, exception.Message);
        }
    }
}
