using System.ComponentModel.DataAnnotations;

namespace ImageSaga.Api.Limits;

/// <summary>
/// How fast one user may upload: a token bucket per user (all of a user's keys share it), refilled steadily, so a burst
/// goes through at once and a runaway script cannot fill the queues for everyone. A batch is one upload request.
/// </summary>
public sealed class UploadRateLimitOptions
{
    public const string Section = "ImageSaga:Api:Uploads";

    /// <summary>Sustained uploads per minute per user.</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerMinute { get; set; } = 600;

    /// <summary>Uploads a user may make at once after a quiet spell.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 200;
}
