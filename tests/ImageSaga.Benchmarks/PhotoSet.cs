using System.Security.Cryptography;

namespace ImageSaga.Benchmarks;

/// <summary>One of the shared test photos, read once: its path, bytes and SHA-256 (the claim check a message carries).</summary>
sealed record Photo(string Path, string FileName, byte[] Bytes, string Sha256)
{
    public string Extension => System.IO.Path.GetExtension(FileName);

    public string ContentType => Extension.Equals(".png", StringComparison.OrdinalIgnoreCase) ? "image/png" : "image/jpeg";

    /// <summary>
    /// The photo as a distinct file: the same pixels with <paramref name="id"/> appended after the image's end marker,
    /// where JPEG and PNG decoders stop reading. Its SHA-256 differs, so nothing keyed by content (the steps' shared
    /// decode) is reused from an earlier upload, as with real, different photos.
    /// </summary>
    public (byte[] Bytes, string Sha256) DistinctCopy(Guid id)
    {
        var bytes = new byte[Bytes.Length + 16];
        Bytes.CopyTo(bytes, 0);
        id.TryWriteBytes(bytes.AsSpan(Bytes.Length));
        return (bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}

/// <summary>
/// The 16 photos of ../shared/images, found the way the test projects find them (walk up to ImageSaga.sln, then
/// ../shared/images; IMAGESAGA_TEST_IMAGES overrides), used cyclically by every scenario.
/// </summary>
sealed class PhotoSet
{
    PhotoSet(string folder, IReadOnlyList<Photo> photos)
    {
        Folder = folder;
        Photos = photos;
    }

    public string Folder { get; }

    public IReadOnlyList<Photo> Photos { get; }

    public int Count => Photos.Count;

    public Photo this[int index] => Photos[index % Photos.Count];

    public static PhotoSet Load()
    {
        var folder = Locate();
        var photos = Directory.EnumerateFiles(folder)
            .Where(path => path.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(path =>
            {
                var bytes = File.ReadAllBytes(path);
                return new Photo(path, System.IO.Path.GetFileName(path), bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            })
            .ToList();
        if (photos.Count == 0)
            throw new DirectoryNotFoundException($"No .jpg or .png photos in '{folder}'.");
        return new PhotoSet(folder, photos);
    }

    static string Locate()
    {
        var overridden = Environment.GetEnvironmentVariable("IMAGESAGA_TEST_IMAGES");
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return Directory.Exists(overridden)
                ? overridden
                : throw new DirectoryNotFoundException($"IMAGESAGA_TEST_IMAGES points to '{overridden}', which does not exist.");
        }

        var root = RepositoryRoot();
        var images = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, "..", "shared", "images"));
        return Directory.Exists(images)
            ? images
            : throw new DirectoryNotFoundException(
                $"The test photos are expected in '{images}' (beside the repository); set IMAGESAGA_TEST_IMAGES to use another folder.");
    }

    /// <summary>The folder holding ImageSaga.sln above the build output (where docs/benchmarks.md is written).</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "ImageSaga.sln")))
                return directory.FullName;
        }

        throw new DirectoryNotFoundException(
            $"No ImageSaga.sln above '{AppContext.BaseDirectory}'; set IMAGESAGA_TEST_IMAGES to the test photo folder.");
    }
}
