using ImageSaga.Orchestrator.Steps;
using ImageSaga.Contracts;

namespace ImageSaga.Orchestrator.Tests.Support;

public static class Samples
{
    public const string Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static readonly ImageMetadata Metadata = new()
    {
        Format = "JPEG",
        MimeType = "image/jpeg",
        Width = 1800,
        Height = 1200,
        OrientedWidth = 1800,
        OrientedHeight = 1200,
        BitsPerPixel = 24,
    };

    public static readonly ImageFingerprint Fingerprint = new()
    {
        ThumbnailKey = "thumbnails/sample.jpg",
        ThumbnailWidth = 256,
        ThumbnailHeight = 171,
        PerceptualHash = "c3c3e1f0f0e1c3c3",
        DominantColors = [new DominantColor { Hex = "#336699", Share = 0.5 }],
        Quality = new ImageQuality { Sharpness = 120, Brightness = 0.5, Score = 0.9, Verdict = "good" },
    };

    /// <summary>
    /// The default policy with only the two steps these specs script (metadata required, fingerprint optional); the
    /// vision steps go through the same generic handlers and have their own spec.
    /// </summary>
    public static AnalysisOptions TwoStepOptions()
    {
        var options = new AnalysisOptions();
        foreach (var (name, step) in options.Steps)
            step.Enabled = name is "metadata" or "fingerprint";
        return options;
    }

    public static ImageUploaded Upload(Guid imageId) => new()
    {
        ImageId = imageId,
        UserId = "user-1",
        StorageKey = $"originals/{imageId:N}.jpg",
        Sha256 = Sha256,
        ContentType = "image/jpeg",
        Length = 12_345,
        OriginalFileName = "holiday.jpg",
        UploadedAt = DateTimeOffset.UtcNow,
    };
}
