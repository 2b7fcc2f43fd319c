using ImageSaga.Contracts;
using ImageSaga.Users.Preferences;
using static ImageSaga.Enrichment.Tests.Insights.Photos;

namespace ImageSaga.Enrichment.Tests.Insights;

public sealed class DescriptionTests
{
    [Fact]
    public void Describes_a_family_dinner_with_people_first_the_table_as_the_setting_and_the_time_of_day()
    {
        var insights = Build(Analysis(
            Detected(("person", 0.87f), ("dining table", 0.82f), ("person", 0.8f), ("dog", 0.79f), ("person", 0.7f)),
            metadata: TakenAtLocal("2024-11-02T19:40:00")));

        insights.Description.ShouldBe("3 people and a dog at a dining table, indoors, evening");
        insights.ContentShown.ShouldBeTrue();
    }

    [Fact]
    public void Names_the_top_class_when_nothing_was_detected()
    {
        var insights = Build(Analysis(Detected(), Classified(("espresso", 0.97f), ("cup", 0.02f))));

        insights.Description.ShouldBe("an espresso");
    }

    [Fact]
    public void Keeps_the_classifiers_spelling_of_a_proper_name()
    {
        Build(Analysis(classification: Classified(("Egyptian cat", 0.6f)))).Description.ShouldBe("an Egyptian cat");
    }

    [Fact]
    public void Counts_faces_when_no_person_was_detected()
    {
        Build(Analysis(faces: new FaceDetectionResult { Count = 1 })).Description.ShouldBe("1 face");
        Build(Analysis(Detected(("cup", 0.8f)), faces: new FaceDetectionResult { Count = 3 })).Description.ShouldBe("3 faces and a cup");
    }

    [Fact]
    public void Leaves_faces_out_when_people_were_detected()
    {
        Build(Analysis(Detected(("person", 0.9f)), faces: new FaceDetectionResult { Count = 1 })).Description.ShouldBe("a person");
    }

    [Fact]
    public void Hides_the_description_of_flagged_content_unless_the_user_wants_to_see_it()
    {
        var flagged = Analysis(Detected(("person", 0.9f)), moderation: new ModerationResult { Flagged = true, Reason = "porn 0.9 > 0.7" });

        var hidden = Build(flagged);
        hidden.Description.ShouldBe("Hidden: flagged by moderation");
        hidden.ContentShown.ShouldBeFalse();
        hidden.Tags.Single().Label.ShouldBe("person");

        var shown = Build(flagged, new UserPreferences { ShowFlaggedContent = true });
        shown.Description.ShouldBe("a person");
        shown.ContentShown.ShouldBeTrue();
    }

    [Theory]
    [InlineData("bus", 2, "2 buses")]
    [InlineData("knife", 3, "3 knives")]
    [InlineData("mouse", 2, "2 mice")]
    [InlineData("sheep", 4, "4 sheep")]
    [InlineData("wine glass", 2, "2 wine glasses")]
    [InlineData("elephant", 1, "an elephant")]
    [InlineData("umbrella", 1, "an umbrella")]
    [InlineData("skis", 1, "a pair of skis")]
    [InlineData("cell phone", 2, "2 cell phones")]
    public void Counts_and_pluralises_what_it_names(string label, int count, string expected)
    {
        var objects = Enumerable.Repeat((label, 0.8f), count).ToArray();

        Build(Analysis(Detected(objects))).Description.Split(',')[0].ShouldBe(expected);
    }

    [Fact]
    public void Mentions_at_most_three_subjects_people_then_animals_then_by_count()
    {
        var insights = Build(Analysis(Detected(
            ("cup", 0.9f), ("cup", 0.9f), ("bottle", 0.95f), ("cat", 0.6f), ("person", 0.7f), ("clock", 0.99f))));

        insights.Description.ShouldBe("a person, a cat and 2 cups");
    }

    [Fact]
    public void Says_outdoors_by_majority_and_nothing_on_a_tie()
    {
        Build(Analysis(Detected(("car", 0.9f), ("bus", 0.9f), ("laptop", 0.9f)))).Description.ShouldEndWith(", outdoors");
        Build(Analysis(Detected(("car", 0.9f), ("laptop", 0.9f)))).Description.ShouldBe("a car and a laptop");
    }

    [Theory]
    [InlineData("2024-05-01T05:00:00", "morning")]
    [InlineData("2024-05-01T11:59:59", "morning")]
    [InlineData("2024-05-01T12:00:00", "afternoon")]
    [InlineData("2024-05-01T16:30:00", "afternoon")]
    [InlineData("2024-05-01T17:00:00", "evening")]
    [InlineData("2024-05-01T20:59:00", "evening")]
    [InlineData("2024-05-01T21:00:00", "night")]
    [InlineData("2024-05-01T04:59:00", "night")]
    public void Adds_the_time_of_day_from_the_cameras_local_clock(string dateTimeOriginal, string timeOfDay)
    {
        Build(Analysis(Detected(("cup", 0.9f)), metadata: TakenAtLocal(dateTimeOriginal))).Description.ShouldBe($"a cup, {timeOfDay}");
    }

    [Fact]
    public void Names_the_place_and_uses_furniture_as_the_subject_when_nothing_else_is_there()
    {
        var place = new PlaceInsight { Latitude = 48.85, Longitude = 2.35, Name = "Paris" };

        Build(Analysis(Detected(("bench", 0.9f))), place: place).Description.ShouldBe("a bench in Paris, outdoors");
        Build(Analysis(Detected(("dog", 0.9f), ("bench", 0.8f))), place: place).Description.ShouldBe("a dog on a bench in Paris, outdoors");
    }

    [Fact]
    public void Says_a_photo_when_nothing_is_known()
    {
        Build(Analysis()).Description.ShouldBe("a photo");
    }
}
