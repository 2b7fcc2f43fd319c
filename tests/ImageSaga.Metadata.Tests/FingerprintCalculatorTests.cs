using ImageSaga.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImageSaga.Metadata.Tests;

public sealed class FingerprintCalculatorTests(ITestOutputHelper output)
{
    private readonly FingerprintCalculator calculator = new();

    [Fact]
    public void Makes_a_256_pixel_jpeg_thumbnail_of_the_landscape()
    {
        var result = Fingerprint("exif_orientation_1_landscape.jpg");

        result.ThumbnailWidth.ShouldBe(256);
        result.ThumbnailHeight.ShouldBe(171);
        Image.DetectFormat(result.ThumbnailJpeg).ShouldNotBeNull().Name.ShouldBe("JPEG");
        var info = Image.Identify(result.ThumbnailJpeg);
        info.Width.ShouldBe(256);
        info.Height.ShouldBe(171);
        info.Metadata.ExifProfile.ShouldBeNull();
    }

    [Fact]
    public void Makes_the_thumbnail_of_a_portrait_photo_256_pixels_high()
    {
        var result = Fingerprint("coco_000000183709.jpg");

        result.ThumbnailWidth.ShouldBe(192);
        result.ThumbnailHeight.ShouldBe(256);
    }

    [Fact]
    public void Never_upscales_a_small_image()
    {
        using var small = new Image<Rgb24>(100, 50, new Rgb24(128, 128, 128));

        var result = calculator.Compute(small);

        result.ThumbnailWidth.ShouldBe(100);
        result.ThumbnailHeight.ShouldBe(50);
        Image.Identify(result.ThumbnailJpeg).Width.ShouldBe(100);
    }

    [Fact]
    public void Does_not_carry_the_gps_exif_of_the_original_into_the_thumbnail()
    {
        using var upright = ImageInspector.DecodeUpright(TestImages.Read("exif_camera_gps_coffee.jpg"), ImageLimits.Default);
        upright.Metadata.ExifProfile.ShouldNotBeNull();

        var result = calculator.Compute(upright);

        Image.Identify(result.ThumbnailJpeg).Metadata.ExifProfile.ShouldBeNull();
    }

    [Fact]
    public void Hashes_a_reencoded_and_a_half_size_copy_close_to_the_original()
    {
        using var original = ImageInspector.DecodeUpright(TestImages.Read("exif_orientation_1_landscape.jpg"), ImageLimits.Default);
        var originalHash = calculator.Compute(original).PerceptualHash;

        using var reencodedStream = new MemoryStream();
        original.SaveAsJpeg(reencodedStream, new JpegEncoder { Quality = 40 });
        using var reencoded = ImageInspector.DecodeUpright(reencodedStream.ToArray(), ImageLimits.Default);
        using var halfSize = original.Clone(x => x.Resize(original.Width / 2, original.Height / 2));

        var reencodedDistance = FingerprintCalculator.HammingDistance(originalHash, calculator.Compute(reencoded).PerceptualHash);
        var halfSizeDistance = FingerprintCalculator.HammingDistance(originalHash, calculator.Compute(halfSize).PerceptualHash);
        output.WriteLine($"re-encoded q40: {reencodedDistance}, half size: {halfSizeDistance}");

        reencodedDistance.ShouldBeLessThanOrEqualTo(6);
        halfSizeDistance.ShouldBeLessThanOrEqualTo(6);
    }

    [Fact]
    public void Hashes_the_rotated_landscape_like_the_upright_control()
    {
        var control = Fingerprint("exif_orientation_1_landscape.jpg").PerceptualHash;
        var rotated = Fingerprint("exif_orientation_6_landscape.jpg").PerceptualHash;

        FingerprintCalculator.HammingDistance(control, rotated).ShouldBeLessThanOrEqualTo(6);
    }

    [Fact]
    public void Hashes_different_photos_far_apart()
    {
        var coffee = Fingerprint("coffee.png").PerceptualHash;
        var rocket = Fingerprint("rocket.jpg").PerceptualHash;

        var distance = FingerprintCalculator.HammingDistance(coffee, rocket);
        output.WriteLine($"coffee {coffee} vs rocket {rocket}: {distance}");

        distance.ShouldBeGreaterThanOrEqualTo(16);
    }

    [Fact]
    public void Writes_the_hash_as_16_lowercase_hex_digits_and_is_deterministic()
    {
        var first = Fingerprint("coffee.png");
        var second = Fingerprint("coffee.png");

        first.PerceptualHash.ShouldMatch("^[0-9a-f]{16}$");
        second.PerceptualHash.ShouldBe(first.PerceptualHash);
        second.DominantColors.ShouldBe(first.DominantColors);
    }

    [Theory]
    [InlineData("0000000000000000", "0000000000000000", 0)]
    [InlineData("0000000000000000", "ffffffffffffffff", 64)]
    [InlineData("8000000000000001", "0000000000000000", 2)]
    [InlineData("00000000000000FF", "00000000000000f0", 4)]
    public void Counts_differing_bits_as_the_hamming_distance(string a, string b, int expected)
    {
        FingerprintCalculator.HammingDistance(a, b).ShouldBe(expected);
    }

    [Fact]
    public void Refuses_a_hash_that_is_not_16_hex_digits()
    {
        Should.Throw<FormatException>(() => FingerprintCalculator.HammingDistance("abc", "0000000000000000"));
        Should.Throw<FormatException>(() => FingerprintCalculator.HammingDistance("000000000000000g", "0000000000000000"));
    }

    [Fact]
    public void Finds_red_and_blue_as_the_dominant_colours_of_a_half_red_half_blue_image()
    {
        using var image = new Image<Rgb24>(400, 200, new Rgb24(255, 0, 0));
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                rows.GetRowSpan(y)[200..].Fill(new Rgb24(0, 0, 255));
            }
        });

        var colors = calculator.Compute(image).DominantColors;

        colors.Count.ShouldBeInRange(2, 5);
        colors.Take(2).Select(c => c.Hex).ShouldBe(["#ff0000", "#0000ff"], ignoreOrder: true);
        colors[0].Share.ShouldBe(0.5, 0.02);
        colors[1].Share.ShouldBe(0.5, 0.02);
        colors.Sum(c => c.Share).ShouldBe(1, 1e-9);
    }

    [Fact]
    public void Returns_five_dominant_colours_of_a_photo_largest_share_first()
    {
        var colors = Fingerprint("coco_000000214753.jpg").DominantColors;

        colors.Count.ShouldBe(5);
        colors.Select(c => c.Share).ShouldBeInOrder(SortDirection.Descending);
        colors.Sum(c => c.Share).ShouldBe(1, 1e-9);
        colors.ShouldAllBe(c => c.Hex.Length == 7 && c.Hex.StartsWith('#'));
    }

    [Fact]
    public void Rates_a_blurred_copy_less_sharp_than_the_original()
    {
        using var original = ImageInspector.DecodeUpright(TestImages.Read("coco_000000214753.jpg"), ImageLimits.Default);
        using var blurred = original.Clone(x => x.GaussianBlur(4));

        var sharp = calculator.Compute(original).Quality;
        var soft = calculator.Compute(blurred).Quality;
        output.WriteLine($"original {sharp}\nblurred {soft}");

        soft.Sharpness.ShouldBeLessThan(sharp.Sharpness / 2);
        soft.Score.ShouldBeLessThan(sharp.Score);
        sharp.Verdict.ShouldBe("good");
        soft.Verdict.ShouldBe("blurry");
    }

    [Fact]
    public void Calls_an_all_black_image_underexposed()
    {
        using var black = new Image<Rgb24>(320, 240);

        var quality = calculator.Compute(black).Quality;

        quality.Verdict.ShouldBe("underexposed");
        quality.Brightness.ShouldBe(0);
        quality.ClippedShare.ShouldBe(1);
        quality.Sharpness.ShouldBe(0);
        quality.Score.ShouldBe(0);
    }

    [Fact]
    public void Calls_an_all_white_image_overexposed()
    {
        using var white = new Image<Rgb24>(320, 240, new Rgb24(255, 255, 255));

        calculator.Compute(white).Quality.Verdict.ShouldBe("overexposed");
    }

    [Fact]
    public void Rates_every_test_photo_as_good()
    {
        foreach (var path in TestImages.AllPhotos())
        {
            var result = Fingerprint(Path.GetFileName(path));
            var quality = result.Quality;
            output.WriteLine($"{Path.GetFileName(path)}: {result.ThumbnailWidth}x{result.ThumbnailHeight} {result.PerceptualHash} "
                + $"sharp={quality.Sharpness:0} bright={quality.Brightness:0.00} clipped={quality.ClippedShare:0.000} "
                + $"score={quality.Score:0.00} {quality.Verdict} colours={string.Join(' ', result.DominantColors.Select(c => $"{c.Hex}:{c.Share:0.00}"))}");

            quality.Brightness.ShouldBeInRange(0, 1);
            quality.ClippedShare.ShouldBeInRange(0, 1);
            quality.Score.ShouldBeInRange(0, 1);
            quality.Verdict.ShouldBe("good", Path.GetFileName(path));
            quality.Sharpness.ShouldBeGreaterThan(FingerprintCalculator.BlurryBelowSharpness * 3);
            result.DominantColors.Sum(c => c.Share).ShouldBe(1, 1e-9);
        }
    }

    private FingerprintResult Fingerprint(string fileName)
    {
        using var upright = ImageInspector.DecodeUpright(TestImages.Read(fileName), ImageLimits.Default);
        return calculator.Compute(upright);
    }
}
