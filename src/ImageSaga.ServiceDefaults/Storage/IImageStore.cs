namespace ImageSaga.ServiceDefaults.Storage;

/// <summary>
/// The claim-check store: messages carry a key and a SHA-256, never image bytes. Keys are relative, forward-slash
/// paths validated by <see cref="StorageKey"/>; an implementation never touches anything outside its root.
/// </summary>
public interface IImageStore
{
    /// <summary>Writes the content under the key, replacing what was there (writes are idempotent per key).</summary>
    Task WriteAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens the object for reading; throws <see cref="StoredImageNotFoundException"/> when it does not exist.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>The object's length in bytes, or null when it does not exist.</summary>
    Task<long?> GetLengthAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes the object if it exists.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}
