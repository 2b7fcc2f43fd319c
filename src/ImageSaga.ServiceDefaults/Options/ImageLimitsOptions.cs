using System.ComponentModel.DataAnnotations;

namespace ImageSaga.ServiceDefaults.Options;

/// <summary>What the system accepts: enforced at upload and again by every step that decodes.</summary>
public sealed class ImageLimitsOptions
{
    public const string Section = "ImageSaga:Limits";

    [Range(1, long.MaxValue)]
    public long MaxImageBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Width x height read from the header, checked before any decode (decompression bombs).</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 100_000_000;

    /// <summary>
    /// One batch request in all (its files are spooled to disk while they are checked, so this bounds disk, not memory).
    /// Each of its files is still held to <see cref="MaxImageBytes"/>.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxBatchBytes { get; set; } = 256L * 1024 * 1024;
}
