using ImageSaga.Contracts;
using ImageSaga.Enrichment.Insights;
using ImageSaga.Users.History;
using ImageSaga.Users.Preferences;

namespace ImageSaga.Enrichment.Tests.Insights;

/// <summary>Analysis results and library histories as the tests need them, with the noise left out.</summary>
internal static class Photos
{
    public static readonly DateTimeOffset Now = new(2025, 6, 14, 18, 0, 0, TimeSpan.Zero);

    public static EnrichImageAnalysis Analysis(
        ObjectDetectionResult? detection = null,
        ClassificationResult? classification = null,
        FaceDetectionResult? faces = null,
        ImageMetadata? metadata = null,
        ModerationResult? moderation = null,
        string sha256 = "aa11",
        string perceptualHash = "0123456789abcdef") => new()
        {
            ImageId = Guid.NewGuid(),
            UserId = "ada",
            OriginalFileName = "new.jpg",
            Sha256 = sha256,
            UploadedAt = Now,
            Detection = detection,
            Classification = classification,
            Faces = faces,
            Metadata = metadata,
            Moderation = moderation,
            Fingerprint = new ImageFingerprint { PerceptualHash = perceptualHash },
        };

    public static ObjectDetectionResult Detected(params (string Label, float Score)[] objects) => new()
    {
        Objects = [.. objects.Select(o => new DetectedObject { Label = o.Label, Score = o.Score })],
        Model = "yolox_nano",
    };

    public static ClassificationResult Classified(params (string Label, float Probability)[] top) => new()
    {
        Top = [.. top.Select(c => new ClassLabel { Label = c.Label, Probability = c.Probability })],
        Model = "squeezenet1.1",
    };

    public static ImageMetadata TakenAtLocal(string dateTimeOriginal) => new() { DateTimeOriginal = dateTimeOriginal };

    public static UserImage Earlier(
        string fileName, DateTimeOffset uploadedAt, string sha256 = "", string perceptualHash = "", params string[] labels) => new()
        {
            ImageId = Guid.NewGuid(),
            UserId = "ada",
            FileName = fileName,
            Sha256 = sha256,
            PerceptualHash = perceptualHash,
            UploadedAt = uploadedAt.UtcDateTime,
            Labels = [.. labels.Select(label => new ImageLabel(label, 0.9f))],
        };

    public static UserImage EarlierWith(DateTimeOffset uploadedAt, params string[] labels) =>
        Earlier($"{uploadedAt:MMdd-HHmm}.jpg", uploadedAt, labels: labels);

    public static ImageInsights Build(
        EnrichImageAnalysis analysis,
        UserPreferences? preferences = null,
        IReadOnlyList<UserImage>? earlier = null,
        PlaceInsight? place = null) =>
        new InsightBuilder().Build(analysis, preferences ?? UserPreferences.Defaults, earlier ?? [], place, Now);

    public static InsightTag Tag(this ImageInsights insights, string label) =>
        insights.Tags.Single(tag => tag.Label == label);
}
