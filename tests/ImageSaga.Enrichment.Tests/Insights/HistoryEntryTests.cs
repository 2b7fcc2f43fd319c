using ImageSaga.Contracts;
using ImageSaga.Enrichment.Insights;
using ImageSaga.Users.Preferences;
using static ImageSaga.Enrichment.Tests.Insights.Photos;

namespace ImageSaga.Enrichment.Tests.Insights;

public sealed class HistoryEntryTests
{
    [Fact]
    public void Records_the_confident_labels_hashes_faces_position_and_times_in_utc()
    {
        var takenAt = new DateTimeOffset(2025, 6, 13, 21, 15, 0, TimeSpan.FromHours(2));
        var analysis = Analysis(
            Detected(("dog", 0.9f), ("person", 0.8f)),
            Classified(("espresso", 0.4f)),
            new FaceDetectionResult { Count = 2 },
            new ImageMetadata { TakenAt = takenAt, Gps = new GpsPosition { Latitude = 48.8584, Longitude = 2.2945 } },
            sha256: " AB12 ",
            perceptualHash: "0123456789ABCDEF") with { UploadedAt = new DateTimeOffset(2025, 6, 14, 20, 0, 0, TimeSpan.FromHours(2)) };
        var place = new PlaceInsight { Latitude = 48.8584, Longitude = 2.2945, Name = "Paris" };
        var builder = new InsightBuilder();
        var insights = builder.Build(analysis, UserPreferences.Defaults, [], place, Now);

        var entry = builder.ToHistoryEntry(analysis, insights, UserPreferences.Defaults, Now);

        entry.ImageId.ShouldBe(analysis.ImageId);
        entry.UserId.ShouldBe("ada");
        entry.FileName.ShouldBe("new.jpg");
        entry.Sha256.ShouldBe("ab12");
        entry.PerceptualHash.ShouldBe("0123456789abcdef");
        // espresso was kept as a tag (the trusted top class) but is below the user's minimum.
        insights.Tags.Select(tag => tag.Label).ShouldContain("espresso");
        entry.Labels.Select(label => label.Label).ShouldBe(["dog", "person"]);
        entry.FaceCount.ShouldBe(2);
        entry.Latitude.ShouldBe(48.8584);
        entry.Longitude.ShouldBe(2.2945);
        entry.PlaceName.ShouldBe("Paris");
        entry.TakenAt.ShouldBe(new DateTime(2025, 6, 13, 19, 15, 0, DateTimeKind.Utc));
        entry.TakenAt!.Value.Kind.ShouldBe(DateTimeKind.Utc);
        entry.UploadedAt.ShouldBe(new DateTime(2025, 6, 14, 18, 0, 0, DateTimeKind.Utc));
        entry.UploadedAt.Kind.ShouldBe(DateTimeKind.Utc);
        entry.RecordedAt.ShouldBe(Now.UtcDateTime);
        entry.Insights.ShouldBe(insights);
    }

    [Fact]
    public void Makes_a_recorded_image_count_for_the_next_one()
    {
        var builder = new InsightBuilder();
        var first = Analysis(Detected(("elephant", 0.9f)));
        var recorded = builder.ToHistoryEntry(first, builder.Build(first, UserPreferences.Defaults, [], null, Now), UserPreferences.Defaults, Now);

        var second = Analysis(Detected(("elephant", 0.9f)), sha256: "aa11");
        var insights = builder.Build(second, UserPreferences.Defaults, [recorded], null, Now.AddMinutes(1));

        insights.Highlights.ShouldNotContain(highlight => highlight.Kind == "first");
        insights.Duplicates.ShouldHaveSingleItem().Exact.ShouldBeTrue();
    }
}
