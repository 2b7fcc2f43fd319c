using ImageSaga.Contracts;
using ImageSaga.Vision.Classification;
using ImageSaga.Vision.Tests.Detection;
using ImageSaga.Vision.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSaga.Vision.Tests.Classification;

/// <summary>SqueezeNet 1.1 on the shared photos: the obvious top-1s and the cat family in the top-3 (MODELS.md section 2).</summary>
public sealed class ImageClassifierTests(ImageClassifierFixture fixture) : IClassFixture<ImageClassifierFixture>
{
    readonly ImageClassifier _classifier = fixture.Classifier;

    [Theory]
    [InlineData("coco_000000160012.jpg", "pizza")]
    [InlineData("coffee.png", "espresso")]
    [InlineData("exif_camera_gps_coffee.jpg", "espresso")]
    public void Names_the_obvious_subject_first(string photo, string label)
    {
        var result = Classify(photo);

        result.Top[0].Label.ShouldBe(label);
        result.LowConfidence.ShouldBeFalse();
    }

    [Theory]
    [InlineData("cat_chelsea.png")]
    [InlineData("coco_000000358083.jpg")]
    [InlineData("exif_orientation_6_gps_cat.jpg")]
    public void Puts_a_cat_class_in_the_top_three_for_cat_photos(string photo)
    {
        Classify(photo).Top.Take(3).ShouldContain(label => label.Label.Contains("cat", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("coco_000000160012.jpg")]
    [InlineData("astronaut.png")]
    [InlineData("coco_000000423617.jpg")]
    public void Returns_five_probabilities_in_descending_order(string photo)
    {
        var result = Classify(photo);

        result.Model.ShouldBe("squeezenet1.1");
        result.Top.Count.ShouldBe(5);
        result.Top.Select(label => label.Probability).ShouldBeInOrder(SortDirection.Descending);
        result.Top.ShouldAllBe(label => label.Probability >= 0f && label.Label.Length > 0 && !label.Label.Contains(','));
        result.Top.Sum(label => label.Probability).ShouldBeLessThanOrEqualTo(1.0001f);
    }

    [Fact]
    public void Reports_low_confidence_for_a_featureless_grey_image()
    {
        using var grey = new Image<Rgb24>(300, 200, new Rgb24(128, 128, 128));

        _classifier.Classify(grey).LowConfidence.ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(UnusualImages.All), MemberType = typeof(UnusualImages))]
    public void Copes_with_unusual_images(string kind)
    {
        using var image = UnusualImages.Create(kind);

        var result = _classifier.Classify(image);

        result.Top.Count.ShouldBe(5);
        result.Top.ShouldAllBe(label => float.IsFinite(label.Probability));
    }

    [Fact]
    public void Shortens_imagenet_labels_to_the_text_before_the_first_comma()
    {
        ImageClassifier.ShortName("tabby, tabby cat").ShouldBe("tabby");
        ImageClassifier.ShortName("espresso").ShouldBe("espresso");
        ImageClassifier.ShortName(" great white shark , white shark").ShouldBe("great white shark");
    }

    [Fact]
    public void Picks_the_largest_values_largest_first()
    {
        float[] values = [0.1f, 0.5f, 0.05f, 0.2f, 0.9f, 0.3f, 0.0f];

        ImageClassifier.TopIndices(values).ShouldBe([4, 1, 5, 3, 0]);
    }

    ClassificationResult Classify(string photo)
    {
        using var image = VisionModels.LoadUpright(photo);
        return _classifier.Classify(image);
    }
}
