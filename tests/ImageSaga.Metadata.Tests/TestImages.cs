using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSaga.Metadata.Tests;

/// <summary>The shared test photos (see ../shared/images/IMAGES.md); IMAGESAGA_TEST_IMAGES points elsewhere.</summary>
internal static class TestImages
{
    private static readonly Lazy<string> Folder = new(Locate);

    public static byte[] Read(string fileName) => File.ReadAllBytes(PathOf(fileName));

    public static string PathOf(string fileName) => Path.Combine(Folder.Value, fileName);

    public static IEnumerable<string> AllPhotos() =>
        Directory.EnumerateFiles(Folder.Value)
            .Where(path => path.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase)
                || path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

    public static byte[] EncodePng(Image<Rgb24> image)
    {
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    private static string Locate()
    {
        var overridden = Environment.GetEnvironmentVariable("IMAGESAGA_TEST_IMAGES");
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return Directory.Exists(overridden)
                ? overridden
                : throw new DirectoryNotFoundException($"IMAGESAGA_TEST_IMAGES points to '{overridden}', which does not exist.");
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ImageSaga.sln")))
            {
                var images = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "images"));
                return Directory.Exists(images)
                    ? images
                    : throw new DirectoryNotFoundException(
                        $"The test photos are expected in '{images}' (beside the repository); set IMAGESAGA_TEST_IMAGES to use another folder.");
            }
        }

        throw new DirectoryNotFoundException(
            $"No ImageSaga.sln above '{AppContext.BaseDirectory}'; set IMAGESAGA_TEST_IMAGES to the test photo folder.");
    }
}
