using ImageSaga.Contracts;
using ImageSaga.Users.History;
using ImageSaga.Users.Preferences;
using static ImageSaga.Enrichment.Tests.Insights.Photos;

namespace ImageSaga.Enrichment.Tests.Insights;

public sealed class RobustnessTests
{
    [Fact]
    public void Builds_insights_when_every_analysis_step_is_missing()
    {
        var analysis = new EnrichImageAnalysis { ImageId = Guid.NewGuid(), UserId = "ada" };

        var insights = Build(analysis, earlier: [Earlier("old.jpg", Now.AddDays(-1), perceptualHash: "0123456789abcdef", labels: "dog")]);

        insights.Tags.ShouldBeEmpty();
        insights.Description.ShouldBe("a photo");
        insights.Duplicates.ShouldBeEmpty();
        insights.Highlights.ShouldBeEmpty();
        insights.InterestMatches.ShouldBeEmpty();
        insights.Priority.ShouldBe(NotificationPriority.Normal);
        insights.ContentShown.ShouldBeTrue();
    }

    [Fact]
    public void Ignores_unreadable_scores_and_labels()
    {
        var analysis = Analysis(
            new ObjectDetectionResult
            {
                Objects =
                [
                    new DetectedObject { Label = "dog", Score = float.NaN },
                    new DetectedObject { Label = "cat", Score = -0.9f },
                    new DetectedObject { Label = "   ", Score = 0.9f },
                    new DetectedObject { Label = "\u0000bird\t ", Score = 0.9f },
                    new DetectedObject { Label = "horse", Score = float.PositiveInfinity },
                    new DetectedObject { Label = "cow", Score = 7f },
                    new DetectedObject { Label = new string('x', 500), Score = 0.9f },
                ],
            },
            new ClassificationResult { Top = [new ClassLabel { Label = "", Probability = 0.9f }, new ClassLabel { Label = "tabby", Probability = float.NaN }] },
            new FaceDetectionResult { Count = -3 },
            new ImageMetadata { DateTimeOriginal = "yesterday-ish" },
            perceptualHash: "zz");

        var insights = Build(analysis, new UserPreferences { MinimumConfidence = double.NaN, Interests = ["", "  "] });

        insights.Tags.Select(tag => (tag.Label, tag.Confidence)).ShouldBe([("cow", 1f), ("bird", 0.9f)]);
        insights.Description.ShouldBe("a cow and a bird, outdoors");
    }

    [Fact]
    public void Copes_with_an_untidy_history()
    {
        var untidy = new UserImage { ImageId = Guid.NewGuid(), Labels = null!, Sha256 = null!, PerceptualHash = null!, FileName = null! };
        var unspecifiedKind = EarlierWith(Now.AddDays(-1), "dog");
        unspecifiedKind.UploadedAt = DateTime.SpecifyKind(unspecifiedKind.UploadedAt, DateTimeKind.Unspecified);

        var insights = Build(Analysis(Detected(("dog", 0.9f))), earlier: [untidy, unspecifiedKind, unspecifiedKind]);

        // The same row twice counts once: with it counted twice this would be a "3rd photo of a dog".
        insights.Highlights.ShouldBeEmpty();
    }
}
