using ImageSaga.Enrichment.Insights;

namespace ImageSaga.Enrichment.Tests.Insights;

public sealed class EnglishTests
{
    [Theory]
    [InlineData(1, "1st")]
    [InlineData(2, "2nd")]
    [InlineData(3, "3rd")]
    [InlineData(4, "4th")]
    [InlineData(11, "11th")]
    [InlineData(12, "12th")]
    [InlineData(13, "13th")]
    [InlineData(21, "21st")]
    [InlineData(22, "22nd")]
    [InlineData(23, "23rd")]
    [InlineData(101, "101st")]
    [InlineData(111, "111th")]
    [InlineData(112, "112th")]
    public void Writes_ordinals(int number, string ordinal) => Ordinal.Of(number).ShouldBe(ordinal);

    [Theory]
    [InlineData("dog", "a dog")]
    [InlineData("elephant", "an elephant")]
    [InlineData("hair drier", "a hair drier")]
    [InlineData("umbrella", "an umbrella")]
    [InlineData("unicycle", "a unicycle")]
    [InlineData("hourglass", "an hourglass")]
    [InlineData("scissors", "a pair of scissors")]
    public void Chooses_the_article_by_sound(string noun, string expected) => EnglishNoun.WithArticle(noun).ShouldBe(expected);

    [Theory]
    [InlineData("person", "people")]
    [InlineData("bus", "buses")]
    [InlineData("bench", "benches")]
    [InlineData("toothbrush", "toothbrushes")]
    [InlineData("knife", "knives")]
    [InlineData("mouse", "mice")]
    [InlineData("sheep", "sheep")]
    [InlineData("dining table", "dining tables")]
    [InlineData("puppy", "puppies")]
    [InlineData("monkey", "monkeys")]
    [InlineData("skis", "skis")]
    public void Pluralises_the_last_word(string noun, string plural) => EnglishNoun.Plural(noun).ShouldBe(plural);
}
