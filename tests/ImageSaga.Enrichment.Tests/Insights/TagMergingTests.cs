using ImageSaga.Contracts;
using ImageSaga.Users.Preferences;
using static ImageSaga.Enrichment.Tests.Insights.Photos;

namespace ImageSaga.Enrichment.Tests.Insights;

public sealed class TagMergingTests
{
    [Fact]
    public void Merges_detection_and_classification_into_one_tag_per_label_with_the_highest_confidence()
    {
        var insights = Build(Analysis(
            Detected(("Dog", 0.62f), ("dog ", 0.81f), ("person", 0.9f)),
            Classified(("golden retriever", 0.7f), ("pizza", 0.1f))));

        var dog = insights.Tag("dog");
        dog.Count.ShouldBe(2);
        dog.Sources.ShouldBe(["detection", "classification"]);
        // Detection said 0.81; the breed alone, as the classifier's "dog", said 0.7.
        dog.Confidence.ShouldBe(0.81f);
        insights.Tag("golden retriever").Sources.ShouldBe(["classification"]);
        insights.Tag("golden retriever").Count.ShouldBe(0);
        insights.Tags.Count(tag => tag.Label == "dog").ShouldBe(1);
    }

    [Fact]
    public void Orders_tags_by_confidence_then_label_and_drops_those_below_the_minimum()
    {
        var insights = Build(Analysis(Detected(("cup", 0.6f), ("bowl", 0.6f), ("person", 0.95f), ("knife", 0.49f))));

        insights.Tags.Select(tag => tag.Label).ShouldBe(["person", "bowl", "cup"]);
    }

    [Fact]
    public void Counts_only_the_objects_that_pass_the_minimum_confidence()
    {
        var insights = Build(Analysis(Detected(("person", 0.9f), ("person", 0.8f), ("person", 0.35f))));

        insights.Tag("person").Count.ShouldBe(2);
    }

    [Fact]
    public void Derives_general_categories_from_fine_grained_classes()
    {
        var insights = Build(Analysis(classification: Classified(("African elephant", 0.6f), ("tusker", 0.3f), ("Indian elephant", 0.05f))));

        var elephant = insights.Tag("elephant");
        // The breeds of one softmax are exclusive, so "some elephant" is their sum.
        elephant.Confidence.ShouldBe(0.95f, tolerance: 0.0001f);
        elephant.Sources.ShouldBe(["classification"]);
        elephant.Count.ShouldBe(0);
        insights.Tags[0].Label.ShouldBe("elephant");
        insights.Tag("african elephant").Confidence.ShouldBe(0.6f);
    }

    [Theory]
    [InlineData("tabby", "cat")]
    [InlineData("Egyptian cat", "cat")]
    [InlineData("Siamese cat", "cat")]
    [InlineData("Border collie", "dog")]
    [InlineData("Cardigan", "dog")]
    [InlineData("sorrel", "horse")]
    [InlineData("tusker", "elephant")]
    [InlineData("hotdog", "hot dog")]
    public void Knows_the_general_category_of_common_imagenet_classes(string imageNetClass, string category)
    {
        var insights = Build(Analysis(classification: Classified((imageNetClass, 0.8f))));

        insights.Tags.Select(tag => tag.Label).ShouldBe([category, imageNetClass.ToLowerInvariant()], ignoreOrder: true);
    }

    [Theory]
    [InlineData("pizza")]
    [InlineData("cardigan")] // the sweater, not the corgi
    [InlineData("lion")]
    public void Adds_no_category_to_classes_that_have_none(string imageNetClass)
    {
        var insights = Build(Analysis(classification: Classified((imageNetClass, 0.9f))));

        insights.Tags.Select(tag => tag.Label).ShouldBe([imageNetClass]);
    }

    [Fact]
    public void Keeps_a_trusted_top_class_below_the_minimum_but_not_the_rest()
    {
        var insights = Build(Analysis(classification: Classified(("espresso", 0.42f), ("cup", 0.31f), ("eggnog", 0.1f)) with { LowConfidence = false }));

        insights.Tags.Select(tag => tag.Label).ShouldBe(["espresso"]);
    }

    [Fact]
    public void Keeps_the_category_of_a_trusted_top_class_too()
    {
        var insights = Build(Analysis(classification: Classified(("Egyptian cat", 0.39f), ("lynx", 0.05f))));

        insights.Tags.Select(tag => tag.Label).ShouldBe(["cat", "egyptian cat"]);
    }

    [Fact]
    public void Drops_a_top_class_the_classifier_itself_does_not_trust_or_below_the_floor()
    {
        Build(Analysis(classification: Classified(("espresso", 0.42f)) with { LowConfidence = true })).Tags.ShouldBeEmpty();
        Build(Analysis(classification: Classified(("espresso", 0.29f)))).Tags.ShouldBeEmpty();
    }

    [Fact]
    public void Applies_the_users_own_minimum_exactly_even_for_float_scores()
    {
        var strict = new UserPreferences { MinimumConfidence = 0.7 };

        var insights = Build(Analysis(Detected(("dog", 0.7f), ("cat", 0.69f))), strict);

        insights.Tags.Select(tag => tag.Label).ShouldBe(["dog"]);
    }

    [Fact]
    public void Passes_the_place_through()
    {
        var place = new PlaceInsight { Latitude = 48.85, Longitude = 2.35, Name = "Paris", CountryCode = "FR" };

        Build(Analysis(), place: place).Place.ShouldBe(place);
    }
}
