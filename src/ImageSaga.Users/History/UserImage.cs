using ImageSaga.Contracts;

namespace ImageSaga.Users.History;

/// <summary>
/// One analysed image in a user's history: what enrichment compares new images against (hashes for duplicates,
/// labels for firsts and streaks). Keyed by the image id, so recording the same image again replaces its row.
/// </summary>
public sealed class UserImage
{
    public Guid ImageId { get; set; }

    public string UserId { get; set; } = "";

    public string FileName { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the original bytes.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>64-bit perceptual hash as 16 hex digits; empty when the fingerprint step did not succeed.</summary>
    public string PerceptualHash { get; set; } = "";

    /// <summary>When the upload was accepted (UTC); streaks count uploads within a week of each other.</summary>
    public DateTime UploadedAt { get; set; }

    /// <summary>The capture time from EXIF, when known (UTC).</summary>
    public DateTime? TakenAt { get; set; }

    /// <summary>The merged tags that passed the user's minimum confidence.</summary>
    public List<ImageLabel> Labels { get; set; } = [];

    public int FaceCount { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public string? PlaceName { get; set; }

    /// <summary>The insights computed for this image.</summary>
    public ImageInsights? Insights { get; set; }

    public DateTime RecordedAt { get; set; }
}
