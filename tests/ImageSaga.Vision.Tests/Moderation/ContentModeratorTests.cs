using ImageSaga.Vision.Models;
using ImageSaga.Vision.Moderation;
using ImageSaga.Vision.Tests.Faces;
using ImageSaga.Vision.Tests.Support;

namespace ImageSaga.Vision.Tests.Moderation;

public sealed class ContentModeratorTests(ContentModeratorFixture fixture) : IClassFixture<ContentModeratorFixture>
{
    static readonly string[] Labels = ["Drawing", "Hentai", "Neutral", "Porn", "Sexy"];

    readonly ContentModerator _moderator = fixture.Moderator;

    /// <summary>Every shared photo is safe; MODELS.md §5 found Neutral the top class for all 16 with Triangle resizing.</summary>
    public static TheoryData<string> Photos => new(TestImages.AllPhotos().Select(Path.GetFileName).OfType<string>());

    [Fact]
    public void Sees_all_sixteen_shared_photos()
    {
        Photos.Count.ShouldBe(16);
    }

    [Theory]
    [MemberData(nameof(Photos))]
    public void Does_not_flag_a_safe_photo(string photo)
    {
        using var image = VisionModels.LoadUpright(photo);

        var result = _moderator.Moderate(image);

        result.Flagged.ShouldBeFalse(result.Reason);
        result.Reason.ShouldBeNull();
        result.Model.ShouldBe(ModelFile.NsfwMobileNetV2.Name);
    }

    [Theory]
    [MemberData(nameof(Photos))]
    public void Rates_a_safe_photo_neutral_above_every_other_label(string photo)
    {
        using var image = VisionModels.LoadUpright(photo);

        var probabilities = _moderator.Moderate(image).Probabilities;

        probabilities.MaxBy(pair => pair.Value).Key.ShouldBe(ContentModerator.Neutral);
    }

    [Theory]
    [MemberData(nameof(Photos))]
    public void Returns_the_five_labels_as_probabilities_that_sum_to_one(string photo)
    {
        using var image = VisionModels.LoadUpright(photo);

        var probabilities = _moderator.Moderate(image).Probabilities;

        probabilities.Keys.Order(StringComparer.Ordinal).ShouldBe(Labels);
        probabilities.Values.ShouldAllBe(p => p >= 0f && p <= 1f);
        probabilities.Values.Sum().ShouldBe(1f, 1e-3f);
    }

    [Fact]
    public void Honours_the_configured_thresholds()
    {
        var strict = new VisionOptions { Moderation = new ModerationOptions { SexyAbove = 0f } };
        using var moderator = new ContentModerator(VisionModels.Loader, Microsoft.Extensions.Options.Options.Create(strict));
        using var image = VisionModels.LoadUpright("coffee.png");

        var result = moderator.Moderate(image);

        result.Flagged.ShouldBeTrue();
        result.Reason.ShouldNotBeNull().ShouldStartWith("sexy ");
    }

    [Theory]
    [MemberData(nameof(UnusualImages.Names), MemberType = typeof(UnusualImages))]
    public void Handles_unusual_sizes_and_encodings(string name)
    {
        using var image = UnusualImages.Create(name);

        var result = _moderator.Moderate(image);

        result.Probabilities.Count.ShouldBe(5);
        result.Probabilities.Values.Sum().ShouldBe(1f, 1e-3f);
    }
}
