using System.Security.Cryptography;

namespace ImageSaga.ServiceDefaults.Storage;

public static class ImageStoreExtensions
{
    /// <summary>
    /// Reads a stored image into memory, refusing objects over <paramref name="maxBytes"/> before reading them, and
    /// verifies its SHA-256. Every step calls this before analysis so that a swapped or damaged object is never analysed.
    /// </summary>
    public static async Task<byte[]> ReadVerifiedAsync(this IImageStore store, string key, string expectedSha256, long maxBytes,
        CancellationToken cancellationToken)
    {
        var length = await store.GetLengthAsync(key, cancellationToken) ?? throw new StoredImageNotFoundException(key);
        if (length > maxBytes)
            throw new StoredImageTooLargeException(key, length, maxBytes);

        var bytes = new byte[length];
        await using (var stream = await store.OpenReadAsync(key, cancellationToken))
            await stream.ReadExactlyAsync(bytes, cancellationToken);

        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            throw new ChecksumMismatchException(key, expectedSha256, actual);
        return bytes;
    }
}

public sealed class ChecksumMismatchException(string key, string expected, string actual)
    : Exception($"The object '{key}' has SHA-256 {actual}, not the {expected} the message claims.");

public sealed class StoredImageTooLargeException(string key, long length, long maxBytes)
    : Exception($"The object '{key}' has {length} bytes, over the limit of {maxBytes}.");
