using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using ImageSaga.Contracts;
using ImageSaga.ServiceDefaults.Telemetry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImageSaga.Imaging;

/// <summary>
/// The one gate untrusted bytes pass through: every limit is checked from the header before a pixel is decoded,
/// and every decoder failure becomes an <see cref="ImageRejectedException"/> with a reason code.
/// </summary>
public static class ImageInspector
{
    /// <summary>
    /// The consumers already run many messages concurrently; letting each decode or resize fan out over every core
    /// as well only oversubscribes the thread pool and makes latency less predictable, so one image uses one core.
    /// The allocator is left shared with <see cref="Configuration.Default"/> because ImageSharp pools are meant to be
    /// process-wide.
    /// </summary>
    internal static Configuration Configuration { get; } = CreateConfiguration();

    /// <summary>Reads the header only and checks it against <paramref name="limits"/>.</summary>
    /// <exception cref="ImageRejectedException">The bytes are empty, too large, not an image, or damaged.</exception>
    public static IImageInfo Identify(byte[] bytes, ImageLimits limits) => Identify(bytes, limits, out _);

    /// <summary>Reads the header only and checks it against <paramref name="limits"/>; also returns the detected format.</summary>
    /// <exception cref="ImageRejectedException">The bytes are empty, too large, not an image, or damaged.</exception>
    public static IImageInfo Identify(byte[] bytes, ImageLimits limits, out IImageFormat format)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(limits);

        if (bytes.Length == 0)
        {
            // Nothing to decode is not a damaged image of a known kind; the honest answer is "not an image".
            throw new ImageRejectedException(AnalysisFailureReasons.UnsupportedFormat, "The image is empty (0 bytes).");
        }

        if (bytes.Length > limits.MaxBytes)
        {
            throw new ImageRejectedException(
                AnalysisFailureReasons.TooLarge,
                $"The image is {bytes.Length} bytes; the limit is {limits.MaxBytes}.");
        }

        format = Image.DetectFormat(Configuration, bytes)
            ?? throw new ImageRejectedException(
                AnalysisFailureReasons.UnsupportedFormat,
                "The bytes do not start with the signature of a supported image format.");

        // ImageSharp 2.x fills a truncated PNG's missing rows with black instead of failing, so the chunk
        // structure is checked here, where it costs a walk over chunk headers and no inflation.
        if (format is PngFormat)
        {
            EnsureCompletePng(bytes);
        }
        else if (format is JpegFormat)
        {
            ContainerChecks.EnsureCompleteJpeg(bytes);
        }

        IImageInfo? info;
        try
        {
            info = Image.Identify(Configuration, bytes, out _);
        }
        catch (Exception ex) when (TryMapDecoderException(ex, out var rejection))
        {
            throw rejection;
        }

        if (info is null)
        {
            throw new ImageRejectedException(
                AnalysisFailureReasons.UnsupportedFormat,
                $"No decoder could read the {format.Name} header.");
        }

        if (info.Width <= 0 || info.Height <= 0)
        {
            throw new ImageRejectedException(
                AnalysisFailureReasons.Corrupt,
                $"The header declares an empty canvas ({info.Width}x{info.Height}).");
        }

        var pixels = (long)info.Width * info.Height;
        if (pixels > limits.MaxPixels)
        {
            throw new ImageRejectedException(
                AnalysisFailureReasons.TooLarge,
                $"The image is {info.Width}x{info.Height} ({pixels} pixels); the limit is {limits.MaxPixels} pixels.");
        }

        return info;
    }

    /// <summary>
    /// Decodes the first frame to <see cref="Rgb24"/> (alpha and palettes normalised) and applies the EXIF orientation,
    /// so callers see the picture the way a viewer shows it. The caller owns the returned image.
    /// </summary>
    /// <exception cref="ImageRejectedException">The bytes break a limit or cannot be decoded.</exception>
    public static Image<Rgb24> DecodeUpright(byte[] bytes, ImageLimits limits) =>
        ImageSagaTelemetry.Measure(ImageSagaTelemetry.DecodeDuration, "decode", new KeyValuePair<string, object?>("bytes", bytes.Length),
            () => DecodeUprightUnmeasured(bytes, limits));

    static Image<Rgb24> DecodeUprightUnmeasured(byte[] bytes, ImageLimits limits)
    {
        Identify(bytes, limits, out var format);
        // Only the first frame is analysed; for a GIF or a TIFF only that frame is decoded, so 200 large frames cost one.
        var decodable = format switch
        {
            GifFormat => ContainerChecks.FirstGifFrame(bytes),
            TiffFormat => ContainerChecks.FirstTiffPage(bytes),
            _ => bytes,
        };

        Image<Rgb24> image;
        try
        {
            image = Image.Load<Rgb24>(Configuration, decodable);
        }
        catch (Exception ex) when (TryMapDecoderException(ex, out var rejection))
        {
            throw rejection;
        }

        try
        {
            // Any other multi-frame format ImageSharp decodes whole; the frames after the first are dropped here.
            while (image.Frames.Count > 1)
            {
                image.Frames.RemoveFrame(image.Frames.Count - 1);
            }

            image.Mutate(x => x.AutoOrient());
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    private static Configuration CreateConfiguration()
    {
        var configuration = Configuration.Default.Clone();
        configuration.MaxDegreeOfParallelism = 1;
        return configuration;
    }

    /// <summary>
    /// Decoders fed hostile bytes fail with more than ImageSharp's own exception types (index and argument errors
    /// from inside a codec), and all of them mean the same thing to the caller: this file cannot be read.
    /// </summary>
    private static bool TryMapDecoderException(Exception ex, [NotNullWhen(true)] out ImageRejectedException? rejection)
    {
        string? reason = ex switch
        {
            UnknownImageFormatException => AnalysisFailureReasons.UnsupportedFormat,
            NotSupportedException => AnalysisFailureReasons.UnsupportedFormat,
            InvalidMemoryOperationException => AnalysisFailureReasons.TooLarge,
            OutOfMemoryException => AnalysisFailureReasons.TooLarge,
            ImageFormatException => AnalysisFailureReasons.Corrupt,
            EndOfStreamException => AnalysisFailureReasons.Corrupt,
            IndexOutOfRangeException => AnalysisFailureReasons.Corrupt,
            ArgumentException => AnalysisFailureReasons.Corrupt,
            OverflowException => AnalysisFailureReasons.Corrupt,
            InvalidOperationException => AnalysisFailureReasons.Corrupt,
            _ => null,
        };

        rejection = reason is null ? null : new ImageRejectedException(reason, $"The image cannot be decoded: {ex.Message}", ex);
        return reason is not null;
    }

    private static void EnsureCompletePng(ReadOnlySpan<byte> png)
    {
        const int signatureLength = 8;
        const int chunkOverhead = 12; // length + type + CRC
        const uint iend = 0x49454E44; // "IEND"

        var offset = (long)signatureLength;
        while (offset + chunkOverhead <= png.Length)
        {
            var dataLength = BinaryPrimitives.ReadUInt32BigEndian(png[(int)offset..]);
            var type = BinaryPrimitives.ReadUInt32BigEndian(png[(int)(offset + 4)..]);
            var next = offset + chunkOverhead + dataLength;
            if (next > png.Length)
            {
                break;
            }

            if (type == iend)
            {
                return;
            }

            offset = next;
        }

        throw new ImageRejectedException(
            AnalysisFailureReasons.Corrupt,
            "The PNG is truncated: its chunks end before the IEND chunk.");
    }
}
