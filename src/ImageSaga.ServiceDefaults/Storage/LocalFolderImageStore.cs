using System.Diagnostics;
using ImageSaga.ServiceDefaults.Telemetry;

namespace ImageSaga.ServiceDefaults.Storage;

/// <summary>
/// The image store on a local (or shared, mounted) folder. Writes go to a temporary file that is renamed into place,
/// so a reader never sees half an image and a crashed writer leaves no partial object under a real key.
/// </summary>
public sealed class LocalFolderImageStore : IImageStore
{
    readonly string _root;

    public LocalFolderImageStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    public async Task WriteAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        using var span = StorageSpan("storage write", key);
        var path = Resolve(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                await content.CopyToAsync(file, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        using var span = StorageSpan("storage open", key);
        var path = Resolve(key);
        // Opening is a blocking call that returns when the file system answers: never, on a stalled network mount or
        // for a pipe put under a key. Made on a pool thread, it can be abandoned when the caller gives up; a stream
        // that opens after that is closed at once.
        var opening = Task.Run(() => Open(path, key), CancellationToken.None);
        try
        {
            return await opening.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _ = opening.ContinueWith(static late => late.Result.Dispose(), CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }
    }

    static FileStream Open(string path, string key)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new StoredImageNotFoundException(key);
        }
    }

    public Task<long?> GetLengthAsync(string key, CancellationToken cancellationToken)
    {
        var file = new FileInfo(Resolve(key));
        return Task.FromResult(file.Exists ? file.Length : (long?)null);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        using var span = StorageSpan("storage delete", key);
        var path = Resolve(key);
        if (File.Exists(path))
            File.Delete(path);
        return Task.CompletedTask;
    }

    /// <summary>A span per store operation, tagged with the claim-check key, inside the consume or request span that caused it.</summary>
    static Activity? StorageSpan(string name, string key)
    {
        var span = ImageSagaTelemetry.ActivitySource.StartActivity(name);
        span?.SetTag("imagesaga.storage.key", key);
        return span;
    }

    string Resolve(string key)
    {
        StorageKey.Validate(key);
        var path = Path.GetFullPath(Path.Combine(_root, key));
        // Belt and braces: the key rules already forbid escaping, but the resolved path is what the OS will open.
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidStorageKeyException(key, "it resolves outside the image store");
        return path;
    }
}
