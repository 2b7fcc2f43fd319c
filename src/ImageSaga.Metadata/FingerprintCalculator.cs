using System.Globalization;
using System.Numerics;
using ImageSaga.Contracts;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImageSaga.Metadata;

/// <summary>
/// Thumbnail, perceptual hash, dominant colours and a quality score from an upright image. Everything after the
/// thumbnail is computed on the thumbnail, so the cost is bounded whatever the original's size.
/// </summary>
public sealed class FingerprintCalculator
{
    /// <summary>Longest side of the thumbnail, in pixels.</summary>
    public const int ThumbnailSize = 256;

    /// <summary>
    /// Below this variance of the Laplacian (grey levels², 0..255 scale, measured on the 256-px thumbnail) an image is
    /// called blurry. The 16 test photos measure 400 to 2 400 on their thumbnails; a 4-px Gaussian blur of one of
    /// them drops it from about 1 200 to about 20.
    /// </summary>
    public const double BlurryBelowSharpness = 100;

    /// <summary>Sharpness at which the sharpness part of <see cref="ImageQuality.Score"/> saturates.</summary>
    public const double FullySharpAt = 1000;

    /// <summary>Mean luminance (0..1) below which an image is underexposed.</summary>
    public const double UnderexposedBelowBrightness = 0.15;

    /// <summary>Mean luminance (0..1) above which an image is overexposed.</summary>
    public const double OverexposedAboveBrightness = 0.85;

    private const int HashSize = 32;
    private const int HashBlock = 8;
    private const int ColorCount = 5;

    private static readonly double[,] DctCosines = CreateDctCosines();

    private readonly JpegEncoder thumbnailEncoder = new() { Quality = 85 };

    /// <summary>Computes the fingerprint of an image that is already upright (see <c>ImageInspector.DecodeUpright</c>).</summary>
    public FingerprintResult Compute(Image<Rgb24> upright)
    {
        ArgumentNullException.ThrowIfNull(upright);

        var (width, height) = FitWithin(upright.Width, upright.Height, ThumbnailSize);
        using var thumbnail = upright.Clone(x =>
        {
            if (width != upright.Width || height != upright.Height)
            {
                x.Resize(width, height, KnownResamplers.Bicubic);
            }
        });

        // A thumbnail is shown to other people: GPS and camera EXIF must not travel with it, and an ICC profile can
        // outweigh the pixels. Without colour management in ImageSharp 2.x, wide-gamut originals look a little flat.
        thumbnail.Metadata.ExifProfile = null;
        thumbnail.Metadata.IccProfile = null;
        thumbnail.Metadata.IptcProfile = null;
        thumbnail.Metadata.XmpProfile = null;

        using var jpeg = new MemoryStream();
        thumbnail.SaveAsJpeg(jpeg, thumbnailEncoder);

        var grey = ToGrey(thumbnail);
        return new FingerprintResult(
            jpeg.ToArray(),
            width,
            height,
            ComputePerceptualHash(thumbnail),
            ComputeDominantColors(thumbnail),
            AssessQuality(grey, width, height));
    }

    /// <summary>How many of the 64 bits differ; 0 is the same picture, above ~10 usually a different one.</summary>
    /// <exception cref="FormatException">A hash is not 16 hex digits.</exception>
    public static int HammingDistance(string hashA, string hashB)
    {
        ArgumentNullException.ThrowIfNull(hashA);
        ArgumentNullException.ThrowIfNull(hashB);
        return BitOperations.PopCount(ParseHash(hashA) ^ ParseHash(hashB));
    }

    private static ulong ParseHash(string hash) =>
        hash.Length == 16 && ulong.TryParse(hash, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{hash}' is not a 64-bit hash written as 16 hex digits.");

    private static (int Width, int Height) FitWithin(int width, int height, int size)
    {
        var longest = Math.Max(width, height);
        if (longest <= size)
        {
            return (width, height);
        }

        var scale = (double)size / longest;
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    /// <summary>Rec. 601 luma, the weighting pHash and most blur metrics are defined with.</summary>
    private static float[] ToGrey(Image<Rgb24> image)
    {
        var grey = new float[image.Width * image.Height];
        image.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                var target = grey.AsSpan(y * accessor.Width, accessor.Width);
                for (var x = 0; x < row.Length; x++)
                {
                    target[x] = (0.299f * row[x].R) + (0.587f * row[x].G) + (0.114f * row[x].B);
                }
            }
        });
        return grey;
    }

    /// <summary>
    /// The pHash.org variant: the 8x8 lowest frequencies of a 32x32 DCT without row 0 and column 0, so the DC term
    /// (overall brightness) and the pure horizontal/vertical averages do not vote; each bit says whether a
    /// coefficient is above the median of the 64. The thumbnail is the input, so originals of any size hash alike.
    /// </summary>
    private static string ComputePerceptualHash(Image<Rgb24> thumbnail)
    {
        using var small = thumbnail.Clone(x => x.Resize(HashSize, HashSize, KnownResamplers.Bicubic));
        var grey = ToGrey(small);

        // Separable DCT-II, computing only the frequencies 1..8 that the hash uses.
        var rows = new double[HashSize, HashBlock];
        for (var y = 0; y < HashSize; y++)
        {
            for (var v = 0; v < HashBlock; v++)
            {
                var sum = 0d;
                for (var x = 0; x < HashSize; x++)
                {
                    sum += grey[(y * HashSize) + x] * DctCosines[v + 1, x];
                }

                rows[y, v] = sum;
            }
        }

        Span<double> coefficients = stackalloc double[HashBlock * HashBlock];
        for (var u = 0; u < HashBlock; u++)
        {
            for (var v = 0; v < HashBlock; v++)
            {
                var sum = 0d;
                for (var y = 0; y < HashSize; y++)
                {
                    sum += rows[y, v] * DctCosines[u + 1, y];
                }

                coefficients[(u * HashBlock) + v] = sum;
            }
        }

        Span<double> sorted = stackalloc double[coefficients.Length];
        coefficients.CopyTo(sorted);
        sorted.Sort();
        var median = (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;

        var hash = 0UL;
        foreach (var coefficient in coefficients)
        {
            hash = (hash << 1) | (coefficient > median ? 1UL : 0UL);
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    private static double[,] CreateDctCosines()
    {
        var table = new double[HashBlock + 1, HashSize];
        for (var k = 0; k <= HashBlock; k++)
        {
            for (var n = 0; n < HashSize; n++)
            {
                table[k, n] = Math.Cos(Math.PI * k * ((2 * n) + 1) / (2.0 * HashSize));
            }
        }

        return table;
    }

    /// <summary>
    /// Weighted k-means over a 4-bit-per-channel colour histogram: clustering 4 096 bins instead of 65 536 pixels
    /// keeps it cheap, and each bin keeps the exact mean of its pixels so no precision is lost in the result.
    /// Seeds are chosen deterministically (heaviest bin, then the bin that is heaviest × farthest from the seeds so
    /// far), so the same image always yields the same colours. Fewer than five colours come back when the image
    /// has fewer distinct ones.
    /// </summary>
    private static List<DominantColor> ComputeDominantColors(Image<Rgb24> thumbnail)
    {
        const int binCount = 16 * 16 * 16;
        var counts = new int[binCount];
        var sums = new long[binCount * 3];
        thumbnail.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height; y++)
            {
                foreach (var pixel in accessor.GetRowSpan(y))
                {
                    var bin = ((pixel.R >> 4) << 8) | ((pixel.G >> 4) << 4) | (pixel.B >> 4);
                    counts[bin]++;
                    sums[bin * 3] += pixel.R;
                    sums[(bin * 3) + 1] += pixel.G;
                    sums[(bin * 3) + 2] += pixel.B;
                }
            }
        });

        var bins = new List<(Vector3 Color, int Weight)>();
        for (var bin = 0; bin < binCount; bin++)
        {
            if (counts[bin] > 0)
            {
                float n = counts[bin];
                bins.Add((new Vector3(sums[bin * 3] / n, sums[(bin * 3) + 1] / n, sums[(bin * 3) + 2] / n), counts[bin]));
            }
        }

        var centres = SeedCentres(bins, ColorCount);
        var assignment = new int[bins.Count];
        var weights = new long[centres.Count];
        var totals = new Vector3[centres.Count];
        for (var iteration = 0; iteration < 20; iteration++)
        {
            var changed = false;
            for (var i = 0; i < bins.Count; i++)
            {
                var nearest = Nearest(centres, bins[i].Color);
                changed |= nearest != assignment[i];
                assignment[i] = nearest;
            }

            Array.Clear(weights);
            Array.Clear(totals);
            for (var i = 0; i < bins.Count; i++)
            {
                weights[assignment[i]] += bins[i].Weight;
                totals[assignment[i]] += bins[i].Color * bins[i].Weight;
            }

            for (var c = 0; c < centres.Count; c++)
            {
                if (weights[c] > 0)
                {
                    centres[c] = totals[c] / weights[c];
                }
            }

            if (!changed && iteration > 0)
            {
                break;
            }
        }

        double total = thumbnail.Width * thumbnail.Height;
        return Enumerable.Range(0, centres.Count)
            .Where(c => weights[c] > 0)
            .OrderByDescending(c => weights[c])
            .ThenBy(c => c)
            .Select(c => new DominantColor { Hex = ToHex(centres[c]), Share = weights[c] / total })
            .ToList();
    }

    private static List<Vector3> SeedCentres(List<(Vector3 Color, int Weight)> bins, int count)
    {
        var centres = new List<Vector3>(count);
        var heaviest = 0;
        for (var i = 1; i < bins.Count; i++)
        {
            if (bins[i].Weight > bins[heaviest].Weight)
            {
                heaviest = i;
            }
        }

        centres.Add(bins[heaviest].Color);
        while (centres.Count < count)
        {
            var best = -1;
            var bestScore = 0d;
            for (var i = 0; i < bins.Count; i++)
            {
                var distance = Vector3.DistanceSquared(bins[i].Color, centres[Nearest(centres, bins[i].Color)]);
                var score = distance * bins[i].Weight;
                if (score > bestScore)
                {
                    best = i;
                    bestScore = score;
                }
            }

            // Every bin already sits on a seed: the image has fewer distinct colours than asked for.
            if (best < 0)
            {
                break;
            }

            centres.Add(bins[best].Color);
        }

        return centres;
    }

    private static int Nearest(List<Vector3> centres, Vector3 color)
    {
        var nearest = 0;
        var nearestDistance = float.MaxValue;
        for (var c = 0; c < centres.Count; c++)
        {
            var distance = Vector3.DistanceSquared(centres[c], color);
            if (distance < nearestDistance)
            {
                nearest = c;
                nearestDistance = distance;
            }
        }

        return nearest;
    }

    private static string ToHex(Vector3 color) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"#{ToByte(color.X):x2}{ToByte(color.Y):x2}{ToByte(color.Z):x2}");

    private static byte ToByte(float channel) => (byte)Math.Clamp(MathF.Round(channel), 0, 255);

    /// <summary>
    /// Score = 0.6 × sharpness (saturating at <see cref="FullySharpAt"/>) + 0.4 × exposure (1 at mid-grey, 0 at
    /// black or white) − 0.5 × clipped share, clamped to 0..1. The verdict checks exposure first: a black frame has
    /// no edges either, and "underexposed" is the more useful thing to say about it.
    /// </summary>
    private static ImageQuality AssessQuality(float[] grey, int width, int height)
    {
        var sum = 0d;
        var clipped = 0;
        foreach (var value in grey)
        {
            sum += value;
            if (value <= 5 || value >= 250)
            {
                clipped++;
            }
        }

        var brightness = sum / grey.Length / 255;
        var clippedShare = (double)clipped / grey.Length;
        var sharpness = LaplacianVariance(grey, width, height);

        var sharpnessScore = Math.Min(1, sharpness / FullySharpAt);
        var exposureScore = 1 - Math.Min(1, Math.Abs(brightness - 0.5) * 2);
        var score = Math.Clamp((0.6 * sharpnessScore) + (0.4 * exposureScore) - (0.5 * clippedShare), 0, 1);

        var verdict = brightness switch
        {
            < UnderexposedBelowBrightness => "underexposed",
            > OverexposedAboveBrightness => "overexposed",
            _ when sharpness < BlurryBelowSharpness => "blurry",
            _ => "good",
        };

        return new ImageQuality
        {
            Sharpness = sharpness,
            Brightness = brightness,
            ClippedShare = clippedShare,
            Score = score,
            Verdict = verdict,
        };
    }

    /// <summary>Variance of the 4-neighbour Laplacian over the interior pixels; edges have no full neighbourhood.</summary>
    private static double LaplacianVariance(float[] grey, int width, int height)
    {
        if (width < 3 || height < 3)
        {
            return 0;
        }

        var sum = 0d;
        var sumOfSquares = 0d;
        for (var y = 1; y < height - 1; y++)
        {
            var row = y * width;
            for (var x = 1; x < width - 1; x++)
            {
                var i = row + x;
                double laplacian = grey[i - 1] + grey[i + 1] + grey[i - width] + grey[i + width] - (4 * grey[i]);
                sum += laplacian;
                sumOfSquares += laplacian * laplacian;
            }
        }

        var n = (double)(width - 2) * (height - 2);
        var mean = sum / n;
        return Math.Max(0, (sumOfSquares / n) - (mean * mean));
    }
}
