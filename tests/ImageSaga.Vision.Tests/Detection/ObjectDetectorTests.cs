using ImageSaga.Contracts;
using ImageSaga.Vision.Detection;
using ImageSaga.Vision.Tests.Support;

namespace ImageSaga.Vision.Tests.Detection;

/// <summary>
/// YOLOX-Nano on the shared photos. Assertions are about recall of the big, obvious objects and about where boxes land,
/// never exact scores or counts (IMAGES.md, "Notes for tests").
/// </summary>
public sealed class ObjectDetectorTests(ObjectDetectorFixture fixture) : IClassFixture<ObjectDetectorFixture>
{
    readonly ObjectDetector _detector = fixture.Detector;

    [Fact]
    public void Finds_the_bus_and_the_cars_on_the_wet_road()
    {
        var result = Detect("coco_000000423617.jpg");

        Count(result, "bus").ShouldBeGreaterThanOrEqualTo(1);
        Count(result, "car").ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public void Finds_at_least_three_people_in_the_street_scene()
    {
        Count(Detect("coco_000000183709.jpg"), "person").ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public void Finds_both_riders_and_both_horses_on_the_beach()
    {
        var result = Detect("coco_000000214753.jpg");

        Count(result, "horse").ShouldBe(2);
        Count(result, "person").ShouldBe(2);
    }

    [Fact]
    public void Finds_the_pizza()
    {
        Count(Detect("coco_000000160012.jpg"), "pizza").ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public void Finds_the_man_and_the_elephant()
    {
        var result = Detect("coco_000000519208.jpg");

        Count(result, "person").ShouldBeGreaterThanOrEqualTo(1);
        Count(result, "elephant").ShouldBeGreaterThanOrEqualTo(1);
    }

    [Theory]
    [InlineData("rocket.jpg")]
    [InlineData("exif_orientation_1_landscape.jpg")]
    public void Reports_nothing_confident_on_photos_without_coco_objects(string photo)
    {
        Detect(photo).Objects.ShouldNotContain(detected => detected.Score >= 0.5f);
    }

    [Theory]
    [InlineData("coco_000000423617.jpg")]
    [InlineData("coco_000000183709.jpg")]
    [InlineData("coco_000000000790.jpg")]
    [InlineData("cat_chelsea.png")]
    [InlineData("astronaut.png")]
    public void Returns_non_empty_boxes_inside_the_image_highest_score_first(string photo)
    {
        var result = Detect(photo);

        result.Model.ShouldBe("yolox_nano");
        result.Objects.ShouldNotBeEmpty();
        ShouldBeInside(result);
        result.Objects.Select(detected => detected.Score).ShouldBeInOrder(SortDirection.Descending);
        result.Objects.ShouldAllBe(detected => detected.Score >= VisionModels.Options.Detection.ScoreThreshold && detected.Score <= 1f);
    }

    [Fact]
    public void Finds_the_sideways_cat_in_upright_coordinates_once_oriented()
    {
        var sideways = Detect("exif_orientation_6_gps_cat.jpg");
        var reference = Detect("cat_chelsea.png");

        sideways.ImageWidth.ShouldBe(451);
        sideways.ImageHeight.ShouldBe(300);
        ShouldBeInside(sideways);
        var cat = sideways.Objects.First(detected => detected.Label == "cat");
        var referenceCat = reference.Objects.First(detected => detected.Label == "cat");

        // The oriented JPEG is the same picture as the PNG, so the cat must sit in the same place, landscape.
        cat.Box.Width.ShouldBeGreaterThan(cat.Box.Height);
        IntersectionOverUnion(cat.Box, referenceCat.Box).ShouldBeGreaterThan(0.8f);
    }

    [Fact]
    public void Maps_the_astronaut_box_back_onto_the_person()
    {
        var result = Detect("astronaut.png");

        var person = result.Objects.First(detected => detected.Label == "person");

        // She fills most of the 512x512 frame; a wrong ratio or offset would shrink, shift or crop the box.
        IntersectionOverUnion(person.Box, new BoundingBox { X = 0, Y = 0, Width = 512, Height = 512 }).ShouldBeGreaterThan(0.5f);
    }

    [Fact]
    public void Maps_portrait_boxes_into_the_full_portrait_frame()
    {
        var result = Detect("coco_000000183709.jpg");

        result.ImageWidth.ShouldBe(480);
        result.ImageHeight.ShouldBe(640);
        ShouldBeInside(result);

        // Letterboxing a portrait pads on the right; boxes must still reach below the first 480 rows.
        result.Objects.Max(detected => detected.Box.Y + detected.Box.Height).ShouldBeGreaterThan(480f);
    }

    [Theory]
    [MemberData(nameof(UnusualImages.All), MemberType = typeof(UnusualImages))]
    public void Copes_with_unusual_images(string kind)
    {
        using var image = UnusualImages.Create(kind);

        var result = _detector.Detect(image);

        result.ImageWidth.ShouldBe(image.Width);
        result.ImageHeight.ShouldBe(image.Height);
        ShouldBeInside(result);
    }

    [Theory]
    [InlineData(UnusualImages.GrayscaleOrigin)]
    [InlineData(UnusualImages.Large)]
    public void Still_finds_the_bus_in_grey_or_at_4000_pixels(string kind)
    {
        using var image = UnusualImages.Create(kind);

        Count(_detector.Detect(image), "bus").ShouldBeGreaterThanOrEqualTo(1);
    }

    ObjectDetectionResult Detect(string photo)
    {
        using var image = VisionModels.LoadUpright(photo);
        return _detector.Detect(image);
    }

    static int Count(ObjectDetectionResult result, string label) =>
        result.Objects.Count(detected => detected.Label == label);

    static void ShouldBeInside(ObjectDetectionResult result)
    {
        foreach (var box in result.Objects.Select(detected => detected.Box))
        {
            box.Width.ShouldBeGreaterThan(0f);
            box.Height.ShouldBeGreaterThan(0f);
            box.X.ShouldBeGreaterThanOrEqualTo(0f);
            box.Y.ShouldBeGreaterThanOrEqualTo(0f);
            (box.X + box.Width).ShouldBeLessThanOrEqualTo(result.ImageWidth + 0.01f);
            (box.Y + box.Height).ShouldBeLessThanOrEqualTo(result.ImageHeight + 0.01f);
        }
    }

    static float IntersectionOverUnion(BoundingBox a, BoundingBox b)
    {
        var width = Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X);
        var height = Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y);
        if (width <= 0 || height <= 0)
            return 0;
        var intersection = width * height;
        return intersection / (a.Width * a.Height + b.Width * b.Height - intersection);
    }
}
