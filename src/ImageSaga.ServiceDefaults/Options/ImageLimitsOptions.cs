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

    /// <summary>
    /// How long a step may spend reading the stored image before it gives the command up. A read that hangs (a stalled
    /// network mount, a pipe under a key) would otherwise hold one of the service's few consumer slots for ever, and
    /// every other image would queue behind it. Given up, the command is acknowledged without an answer, and the
    /// saga's step deadline re-sends it or times the step out, as for a command lost with a process. Keep it below the
    /// steps' <c>TimeoutSeconds</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan StoredImageReadTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
