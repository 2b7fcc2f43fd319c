using ImageSaga.Contracts;
using ImageSaga.Imaging;
using ImageSaga.Vision.Classification;
using ImageSaga.Vision.Detection;
using ImageSaga.Vision.Faces;
using ImageSaga.Vision.Moderation;
using ImageSaga.Vision.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using MicrosoftOptions = Microsoft.Extensions.Options.Options;

namespace ImageSaga.Vision.Tests;

/// <summary>
/// Encodings a photo library meets in the wild, each through the same path a vision service takes: the gate
/// (<see cref="ImageInspector.DecodeUpright"/>) and then all four models. Each is analysed, or refused with a reason code.
/// </summary>
public sealed class UnusualEncodingsTests : IDisposable
{
    readonly ObjectDetector _detector = new(VisionModels.Loader, MicrosoftOptions.Create(VisionModels.Options));
    readonly ImageClassifier _classifier = new(VisionModels.Loader, MicrosoftOptions.Create(VisionModels.Options));
    readonly FaceDetector _faces = new(VisionModels.Loader, MicrosoftOptions.Create(VisionModels.Options));
    readonly ContentModerator _moderator = new(VisionModels.Loader, MicrosoftOptions.Create(VisionModels.Options));

    public static TheoryData<string> Encodings => new(
        "1x1 png", "1x20000 png", "20000x1 png", "16-bit png", "palette png with transparency", "grayscale png",
        "animated gif", "bmp", "tga", "webp-free jpeg at quality 5");

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Analyses_the_image_with_every_model(string encoding)
    {
        var bytes = Encode(encoding);

        using var upright = ImageInspector.DecodeUpright(bytes, ImageLimits.Default);
        var detected = _detector.Detect(upright);
        var classified = _classifier.Classify(upright);
        var faces = _faces.Detect(upright);
        var moderated = _moderator.Moderate(upright);

        detected.Objects.ShouldAllBe(found => Inside(found.Box, upright));
        faces.Faces.ShouldAllBe(face => Inside(face.Box, upright));
        classified.Top.Count.ShouldBe(5);
        moderated.Probabilities.Values.Sum().ShouldBe(1f, 1e-3f);
    }

    [Fact]
    public void Decodes_only_the_first_frame_of_an_animation_for_analysis()
    {
        using var upright = ImageInspector.DecodeUpright(Encode("animated gif"), ImageLimits.Default);

        upright.Frames.Count.ShouldBe(1);
        upright[0, 0].R.ShouldBeGreaterThan((byte)200, "the first frame is red; later frames are blue");
    }

    [Fact]
    public void Reads_a_cmyk_jpeg_in_its_true_colours_and_still_sees_the_cat()
    {
        var cmyk = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "cat_chelsea_cmyk.jpg"));

        using var upright = ImageInspector.DecodeUpright(cmyk, ImageLimits.Default);
        using var original = Image.Load<Rgb24>(TestImages.PathOf("cat_chelsea.png"));

        // Inverted or channel-swapped CMYK would be off by ~100 grey levels on average; a faithful decode by a few.
        upright.Size().ShouldBe(original.Size());
        MeanAbsoluteDifference(upright, original).ShouldBeLessThan(12);
        _classifier.Classify(upright).Top.Take(3).Select(label => label.Label)
            .ShouldContain(label => label == "tabby" || label == "tiger cat" || label == "Egyptian cat");
        _detector.Detect(upright).Objects.ShouldContain(found => found.Label == "cat");
    }

    [Fact]
    public void Refuses_a_header_that_declares_more_pixels_than_allowed()
    {
        var bomb = TestImages.PngWithDeclaredSize(30_000, 30_000);

        Should.Throw<ImageRejectedException>(() => ImageInspector.DecodeUpright(bomb, ImageLimits.Default))
            .ReasonCode.ShouldBe(AnalysisFailureReasons.TooLarge);
    }

    static double MeanAbsoluteDifference(Image<Rgb24> a, Image<Rgb24> b)
    {
        long total = 0;
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                var p = a[x, y];
                var q = b[x, y];
                total += Math.Abs(p.R - q.R) + Math.Abs(p.G - q.G) + Math.Abs(p.B - q.B);
            }
        }

        return total / (3.0 * a.Width * a.Height);
    }

    static bool Inside(BoundingBox box, Image<Rgb24> image) =>
        box.X >= 0 && box.Y >= 0 && box.Width > 0 && box.Height > 0 &&
        box.X + box.Width <= image.Width + 0.5f && box.Y + box.Height <= image.Height + 0.5f;

    static byte[] Encode(string encoding)
    {
        using var stream = new MemoryStream();
        switch (encoding)
        {
            case "1x1 png":
                using (var image = new Image<Rgb24>(1, 1, new Rgb24(200, 10, 10)))
                    image.SaveAsPng(stream);
                break;
            case "1x20000 png":
                using (var image = new Image<Rgb24>(1, 20_000, new Rgb24(10, 200, 10)))
                    image.SaveAsPng(stream);
                break;
            case "20000x1 png":
                using (var image = new Image<Rgb24>(20_000, 1, new Rgb24(10, 10, 200)))
                    image.SaveAsPng(stream);
                break;
            case "16-bit png":
                using (var image = Image.Load<Rgba64>(TestImages.Read("astronaut.png")))
                    image.SaveAsPng(stream, new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = PngColorType.RgbWithAlpha });
                break;
            case "palette png with transparency":
                using (var image = Image.Load<Rgba32>(TestImages.Read("coffee.png")))
                {
                    image.Mutate(x => x.Crop(new Rectangle(0, 0, 300, 200)));
                    image[0, 0] = new Rgba32(0, 0, 0, 0);
                    image.SaveAsPng(stream, new PngEncoder { ColorType = PngColorType.Palette });
                }

                break;
            case "grayscale png":
                using (var image = Image.Load<L8>(TestImages.Read("cat_chelsea.png")))
                    image.SaveAsPng(stream);
                break;
            case "animated gif":
                using (var image = new Image<Rgba32>(64, 48, new Rgba32(255, 0, 0)))
                {
                    using var blue = new Image<Rgba32>(64, 48, new Rgba32(0, 0, 255));
                    for (var frame = 0; frame < 5; frame++)
                        image.Frames.AddFrame(blue.Frames.RootFrame);
                    image.SaveAsGif(stream, new GifEncoder());
                }

                break;
            case "bmp":
                using (var image = Image.Load<Rgb24>(TestImages.Read("coffee.png")))
                    image.SaveAsBmp(stream);
                break;
            case "tga":
                using (var image = Image.Load<Rgb24>(TestImages.Read("coffee.png")))
                    image.SaveAsTga(stream);
                break;
            default:
                using (var image = Image.Load<Rgb24>(TestImages.Read("coco_000000423617.jpg")))
                    image.SaveAsJpeg(stream, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = 5 });
                break;
        }

        return stream.ToArray();
    }

    public void Dispose()
    {
        _detector.Dispose();
        _classifier.Dispose();
        _faces.Dispose();
        _moderator.Dispose();
    }
}
