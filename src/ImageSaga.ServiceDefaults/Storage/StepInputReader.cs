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
    public static async Task<StepInput> ReadAsync(this IImageStore store, IAnalysisStepCommand command, long maxBytes,
        CancellationToken cancellationToken)
    {
        if (!StorageKey.IsValid(command.StorageKey))
            return new(null, AnalysisFailureReasons.InvalidStorageKey, $"The storage key '{command.StorageKey}' is not a valid key.");
        if (command.Sha256.Length != 64 || !command.Sha256.All(char.IsAsciiHexDigit))
            return new(null, AnalysisFailureReasons.InvalidRequest, "The command's sha256 is not 64 hexadecimal digits.");

        try
        {
            return new(await store.ReadVerifiedAsync(command.StorageKey, command.Sha256, maxBytes, cancellationToken), null, null);
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
