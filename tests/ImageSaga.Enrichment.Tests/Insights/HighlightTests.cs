using ImageSaga.Contracts;
using ImageSaga.Users.Preferences;
using static ImageSaga.Enrichment.Tests.Insights.Photos;

namespace ImageSaga.Enrichment.Tests.Insights;

public sealed class HighlightTests
{
    private static readonly EnrichImageAnalysis ElephantPhoto = Analysis(Detected(("elephant", 0.9f), ("person", 0.8f)));

    [Fact]
    public void Calls_a_label_no_earlier_image_has_a_first()
    {
        var earlier = new[] { EarlierWith(Now.AddDays(-40), "dog", "person") };

        var first = Build(ElephantPhoto, earlier: earlier).Highlights.ShouldHaveSingleItem();

        first.Kind.ShouldBe("first");
        first.Label.ShouldBe("elephant");
        first.Text.ShouldBe("First elephant in your library");
    }

    [Fact]
    public void Does_not_call_it_a_first_again_once_an_earlier_image_has_the_label()
    {
        var earlier = new[] { EarlierWith(Now.AddDays(-40), "Elephant") };

        Build(ElephantPhoto, earlier: earlier).Highlights.ShouldNotContain(highlight => highlight.Kind == "first");
    }

    [Fact]
    public void Skips_people_as_a_first_unless_the_user_follows_them()
    {
        Build(ElephantPhoto).Highlights.Select(highlight => highlight.Label).ShouldBe(["elephant"]);

        var followsPeople = new UserPreferences { Interests = ["person"] };
        Build(ElephantPhoto, followsPeople).Highlights.Select(highlight => highlight.Label).ShouldBe(["elephant", "person"]);
    }

    [Fact]
    public void Reports_at_most_the_three_most_confident_firsts_and_none_below_the_minimum()
    {
        var insights = Build(Analysis(Detected(("cup", 0.6f), ("bowl", 0.7f), ("spoon", 0.8f), ("fork", 0.9f), ("knife", 0.4f))));

        insights.Highlights.Select(highlight => highlight.Label).ShouldBe(["fork", "spoon", "bowl"]);
    }

    [Theory]
    [InlineData(2, "3rd photo of a dog this week")]
    [InlineData(3, "4th photo of a dog this week")]
    [InlineData(10, "11th photo of a dog this week")]
    [InlineData(11, "12th photo of a dog this week")]
    [InlineData(12, "13th photo of a dog this week")]
    [InlineData(20, "21st photo of a dog this week")]
    [InlineData(21, "22nd photo of a dog this week")]
    public void Counts_a_streak_of_the_weeks_photos_with_an_ordinal(int earlierThisWeek, string text)
    {
        var earlier = Enumerable.Range(1, earlierThisWeek).Select(i => EarlierWith(Now.AddHours(-i * 7), "dog")).ToList();

        var streak = Build(Analysis(Detected(("dog", 0.9f))), earlier: earlier).Highlights.ShouldHaveSingleItem();

        streak.Kind.ShouldBe("streak");
        streak.Count.ShouldBe(earlierThisWeek + 1);
        streak.Text.ShouldBe(text);
    }

    [Fact]
    public void Counts_only_uploads_of_the_past_seven_days()
    {
        var earlier = new[]
        {
            EarlierWith(Now.AddDays(-1), "dog"),
            EarlierWith(Now.AddDays(-8), "dog"),
            EarlierWith(Now.AddDays(-30), "dog"),
        };

        Build(Analysis(Detected(("dog", 0.9f))), earlier: earlier).Highlights.ShouldBeEmpty();

        earlier[1].UploadedAt = Now.AddDays(-6).UtcDateTime;
        Build(Analysis(Detected(("dog", 0.9f))), earlier: earlier).Highlights.ShouldHaveSingleItem().Text.ShouldBe("3rd photo of a dog this week");
    }

    [Fact]
    public void Needs_only_two_photos_for_a_streak_of_an_interest()
    {
        var earlier = new[] { EarlierWith(Now.AddDays(-2), "elephant") };

        Build(ElephantPhoto, earlier: earlier).Highlights.ShouldBeEmpty();
        Build(ElephantPhoto, new UserPreferences { Interests = ["Elephant"] }, earlier)
            .Highlights.ShouldHaveSingleItem().Text.ShouldBe("2nd photo of an elephant this week");
    }
}
