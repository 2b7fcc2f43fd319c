using ImageSaga.Contracts;
using ImageSaga.Users.Preferences;
using static ImageSaga.Enrichment.Tests.Insights.Photos;

namespace ImageSaga.Enrichment.Tests.Insights;

public sealed class InterestTests
{
    [Fact]
    public void Raises_the_priority_for_an_interest_and_reports_it_in_the_users_spelling()
    {
        var preferences = new UserPreferences { Interests = ["  Elephant ", "Dog"] };

        var insights = Build(Analysis(Detected(("elephant", 0.9f))), preferences);

        insights.InterestMatches.ShouldBe(["Elephant"]);
        insights.Priority.ShouldBe(NotificationPriority.High);
    }

    [Fact]
    public void Matches_a_category_derived_from_a_breed()
    {
        var insights = Build(Analysis(classification: Classified(("golden retriever", 0.8f))), new UserPreferences { Interests = ["DOG"] });

        insights.InterestMatches.ShouldBe(["DOG"]);
        insights.Priority.ShouldBe(NotificationPriority.High);
    }

    [Fact]
    public void Matches_an_interest_written_in_the_plural()
    {
        Build(Analysis(Detected(("person", 0.9f))), new UserPreferences { Interests = ["people"] }).InterestMatches.ShouldBe(["people"]);
    }

    [Fact]
    public void Stays_normal_without_a_match_or_when_the_label_is_below_the_minimum()
    {
        var preferences = new UserPreferences { Interests = ["elephant", "cat"] };

        Build(Analysis(Detected(("dog", 0.9f))), preferences).Priority.ShouldBe(NotificationPriority.Normal);
        // The classifier's trusted top class may be a tag below the minimum, but the user asked not to hear about it.
        var weakCat = Build(Analysis(classification: Classified(("tabby", 0.35f))), preferences);
        weakCat.Tags.Select(tag => tag.Label).ShouldContain("cat");
        weakCat.InterestMatches.ShouldBeEmpty();
        weakCat.Priority.ShouldBe(NotificationPriority.Normal);
    }
}
