using System.Buffers.Binary;
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

    /// <summary>A real small PNG whose header claims another size (a decompression bomb by its header), CRC intact.</summary>
    public static byte[] PngWithDeclaredSize(int width, int height)
    {
        using var small = new Image<Rgb24>(8, 8, new Rgb24(10, 20, 30));
        var png = EncodePng(small);

        // Signature (8) + IHDR length (4) + "IHDR" (4), then width, height; the CRC covers type and 13 data bytes.
        if (BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(12)) != 0x49484452u)
            throw new InvalidOperationException("ImageSharp did not write IHDR first.");
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
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
