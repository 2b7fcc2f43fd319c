using ImageSaga.Contracts;
using ImageSaga.Vision.Faces;
using ImageSaga.Vision.Models;
using ImageSaga.Vision.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImageSaga.Vision.Tests.Faces;

public sealed class FaceDetectorTests(FaceDetectorFixture fixture) : IClassFixture<FaceDetectorFixture>
{
    /// <summary>MODELS.md §3: YuNet at ~[179,63,270,174] (corners) on astronaut.png.</summary>
    static readonly BoundingBox AstronautFace = new() { X = 179, Y = 63, Width = 270 - 179, Height = 174 - 63 };

    readonly FaceDetector _detector = fixture.Detector;

    [Fact]
    public void Finds_the_astronauts_face_where_MODELS_md_puts_it()
    {
        using var image = VisionModels.LoadUpright("astronaut.png");

        var result = _detector.Detect(image);

        result.Count.ShouldBe(1);
        result.Faces.Count.ShouldBe(1);
        result.Model.ShouldBe(ModelFile.YuNet.Name);
        var face = result.Faces[0];
        face.Score.ShouldBeGreaterThanOrEqualTo(VisionModels.Options.Faces.ScoreThreshold);
        IntersectionOverUnion(face.Box, AstronautFace).ShouldBeGreaterThanOrEqualTo(0.5f);
    }

    [Fact]
    public void Places_the_astronauts_landmarks_inside_the_face_in_anatomical_order()
    {
        using var image = VisionModels.LoadUpright("astronaut.png");

        var face = _detector.Detect(image).Faces.ShouldHaveSingleItem();

        face.Landmarks.Select(point => point.Name)
            .ShouldBe(["right-eye", "left-eye", "nose", "right-mouth", "left-mouth"]);
        foreach (var point in face.Landmarks)
        {
            point.X.ShouldBeInRange(face.Box.X, face.Box.X + face.Box.Width, point.Name);
            point.Y.ShouldBeInRange(face.Box.Y, face.Box.Y + face.Box.Height, point.Name);
        }

        var landmark = face.Landmarks.ToDictionary(point => point.Name);
        // The subject's right eye is on the image's left.
        landmark["right-eye"].X.ShouldBeLessThan(landmark["left-eye"].X);
        landmark["right-mouth"].X.ShouldBeLessThan(landmark["left-mouth"].X);
        Math.Max(landmark["right-eye"].Y, landmark["left-eye"].Y)
            .ShouldBeLessThan(Math.Min(landmark["right-mouth"].Y, landmark["left-mouth"].Y));
        landmark["nose"].Y.ShouldBeInRange(landmark["right-eye"].Y, landmark["right-mouth"].Y);
    }

    [Theory]
    [InlineData("coco_000000000790.jpg", 3)] // family dinner: the 4th diner faces away
    [InlineData("coco_000000519208.jpg", 1)] // man hugging an elephant
    public void Counts_the_visible_faces(string photo, int faces)
    {
        using var image = VisionModels.LoadUpright(photo);

        var result = _detector.Detect(image);

        result.Count.ShouldBe(faces);
        result.Faces.Select(face => face.Score).ShouldBeInOrder(SortDirection.Descending);
        result.Faces.ShouldAllBe(face => InBounds(face.Box, image.Width, image.Height));
    }

    [Theory]
    [InlineData("cat_chelsea.png")]
    [InlineData("coco_000000358083.jpg")] // cat and its mirror image
    [InlineData("exif_orientation_6_gps_cat.jpg")] // stored sideways; LoadUpright applies the orientation
    [InlineData("coco_000000160012.jpg")] // pizza
    [InlineData("coco_000000183709.jpg")] // street, people too small
    [InlineData("rocket.jpg")]
    public void Finds_no_face_where_there_is_none(string photo)
    {
        using var image = VisionModels.LoadUpright(photo);

        _detector.Detect(image).Count.ShouldBe(0);
    }

    [Fact]
    public void Reports_boxes_in_the_coordinates_of_the_image_it_was_given()
    {
        using var astronaut = VisionModels.LoadUpright("astronaut.png");
        using var canvas = new Image<Rgb24>(800, 700, new Rgb24(0, 0, 0));
        canvas.Mutate(x => x.DrawImage(astronaut, new Point(100, 50), 1f));

        var alone = _detector.Detect(astronaut).Faces.ShouldHaveSingleItem();
        var shifted = _detector.Detect(canvas).Faces.ShouldHaveSingleItem();

        shifted.Box.X.ShouldBe(alone.Box.X + 100, 6f);
        shifted.Box.Y.ShouldBe(alone.Box.Y + 50, 6f);
        shifted.Box.Width.ShouldBe(alone.Box.Width, 6f);
        shifted.Box.Height.ShouldBe(alone.Box.Height, 6f);
        shifted.Landmarks[0].X.ShouldBe(alone.Landmarks[0].X + 100, 6f);
        shifted.Landmarks[0].Y.ShouldBe(alone.Landmarks[0].Y + 50, 6f);
    }

    [Theory]
    [MemberData(nameof(UnusualImages.Names), MemberType = typeof(UnusualImages))]
    public void Handles_unusual_sizes_and_encodings_with_boxes_inside_the_image(string name)
    {
        using var image = UnusualImages.Create(name);

        var result = _detector.Detect(image);

        result.Count.ShouldBe(result.Faces.Count);
        foreach (var face in result.Faces)
        {
            InBounds(face.Box, image.Width, image.Height).ShouldBeTrue();
            face.Landmarks.ShouldAllBe(point => point.X >= 0 && point.X <= image.Width && point.Y >= 0 && point.Y <= image.Height);
        }
    }

    static bool InBounds(BoundingBox box, int width, int height) =>
        box.X >= 0 && box.Y >= 0 && box.Width > 0 && box.Height > 0
        && box.X + box.Width <= width + 0.01f && box.Y + box.Height <= height + 0.01f;

    static float IntersectionOverUnion(BoundingBox a, BoundingBox b)
    {
        var width = Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X);
        var height = Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y);
        if (width <= 0 || height <= 0)
            return 0;
        var intersection = width * height;
        return intersection / ((a.Width * a.Height) + (b.Width * b.Height) - intersection);
    }
}
