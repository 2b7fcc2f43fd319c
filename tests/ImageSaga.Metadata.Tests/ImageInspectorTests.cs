using System.Buffers.Binary;
using ImageSaga.Contracts;
using ImageSaga.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImageSaga.Metadata.Tests;

public sealed class ImageInspectorTests
{
    [Fact]
    public void Decodes_the_sideways_cat_upright_in_the_same_direction_as_the_original()
    {
        using var upright = ImageInspector.DecodeUpright(TestImages.Read("exif_orientation_6_gps_cat.jpg"), ImageLimits.Default);
        using var original = Image.Load<Rgb24>(TestImages.PathOf("cat_chelsea.png"));

        upright.Width.ShouldBe(451);
        upright.Height.ShouldBe(300);

        using var upsideDown = upright.Clone(x => x.Rotate(RotateMode.Rotate180));
        var difference = MeanAbsoluteDifference(upright, original);
        difference.ShouldBeLessThan(4, "JPEG q90 of the same pixels differs by a few grey levels at most");
        MeanAbsoluteDifference(upsideDown, original).ShouldBeGreaterThan(difference * 5);
    }

    [Fact]
    public void Decodes_the_orientation_6_landscape_to_1800x1200_like_the_orientation_1_control()
    {
        using var rotated = ImageInspector.DecodeUpright(TestImages.Read("exif_orientation_6_landscape.jpg"), ImageLimits.Default);
        using var control = ImageInspector.DecodeUpright(TestImages.Read("exif_orientation_1_landscape.jpg"), ImageLimits.Default);

        rotated.Width.ShouldBe(1800);
        rotated.Height.ShouldBe(1200);
        MeanAbsoluteDifference(rotated, control).ShouldBeLessThan(6);
    }

    [Fact]
    public void Decodes_only_the_first_frame_of_an_animation()
    {
        using var animation = new Image<Rgb24>(16, 8, new Rgb24(255, 0, 0));
        using (var second = new Image<Rgb24>(16, 8, new Rgb24(0, 0, 255)))
        {
            animation.Frames.AddFrame(second.Frames.RootFrame);
        }

        using var stream = new MemoryStream();
        animation.SaveAsGif(stream);

        using var decoded = ImageInspector.DecodeUpright(stream.ToArray(), ImageLimits.Default);

        decoded.Frames.Count.ShouldBe(1);
        decoded[8, 4].R.ShouldBeGreaterThan((byte)200);
        decoded[8, 4].B.ShouldBeLessThan((byte)50);
    }

    [Fact]
    public void Decodes_a_long_animation_from_its_first_frame_alone()
    {
        // 40 frames of 400x300: decoding all of them would allocate 40 frames' pixels; only the first is wanted.
        using var animation = new Image<Rgb24>(400, 300, new Rgb24(0, 200, 0));
        for (var i = 1; i < 40; i++)
        {
            using var frame = new Image<Rgb24>(400, 300, new Rgb24((byte)(i * 6), 0, 255));
            animation.Frames.AddFrame(frame.Frames.RootFrame);
        }

        using var stream = new MemoryStream();
        animation.SaveAsGif(stream);
        var gif = stream.ToArray();

        var firstFrame = ContainerChecks.FirstGifFrame(gif);
        firstFrame.Length.ShouldBeLessThan(gif.Length / 10);
        using (var alone = Image.Load<Rgb24>(firstFrame))
            alone.Frames.Count.ShouldBe(1);

        using var decoded = ImageInspector.DecodeUpright(gif, ImageLimits.Default);
        decoded.Frames.Count.ShouldBe(1);
        decoded[200, 150].G.ShouldBeGreaterThan((byte)150, "the first frame, which is green");
    }

    [Fact]
    public void Decodes_a_multi_page_tiff_from_its_first_page_alone()
    {
        // Three pages, each a directory of its own (sharing one page's pixel data).
        using var page = new Image<Rgb24>(64, 32, new Rgb24(0, 200, 0));
        using var stream = new MemoryStream();
        page.SaveAsTiff(stream);
        var tiff = ChainPages(stream.ToArray(), extraPages: 2);
        using (var whole = Image.Load<Rgb24>(tiff))
            whole.Frames.Count.ShouldBe(3, "ImageSharp decodes every page of the file as it is");

        var firstPage = ContainerChecks.FirstTiffPage(tiff);
        using (var alone = Image.Load<Rgb24>(firstPage))
            alone.Frames.Count.ShouldBe(1);

        using var decoded = ImageInspector.DecodeUpright(tiff, ImageLimits.Default);
        decoded.Width.ShouldBe(64);
        decoded[10, 10].G.ShouldBe((byte)200);
    }

    [Fact]
    public void Leaves_a_single_page_or_unreadable_tiff_as_it_is()
    {
        using var page = new Image<Rgb24>(8, 8);
        using var stream = new MemoryStream();
        page.SaveAsTiff(stream);
        var single = stream.ToArray();

        ContainerChecks.FirstTiffPage(single).ShouldBeSameAs(single);
        byte[] notTiff = [(byte)'I', (byte)'I', 43, 0, 8, 0, 0, 0, 0, 0];
        ContainerChecks.FirstTiffPage(notTiff).ShouldBeSameAs(notTiff);
    }

    /// <summary>
    /// Appends copies of the first page's directory, chained after it (ImageSharp 2.1 writes only one page, so further
    /// ones are added by hand).
    /// </summary>
    static byte[] ChainPages(byte[] tiff, int extraPages)
    {
        var first = (int)BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan(4));
        var entries = BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(first));
        var length = 2 + (entries * 12) + 4;
        var pages = new List<byte>(tiff);
        var previousNext = first + length - 4;
        for (var i = 0; i < extraPages; i++)
        {
            if (pages.Count % 2 == 1)
                pages.Add(0);
            var directory = pages.Count;
            var copy = tiff.AsSpan(first, length).ToArray();
            BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(length - 4), 0);
            pages.AddRange(copy);
            var bytes = pages.ToArray();
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(previousNext), (uint)directory);
            pages = [.. bytes];
            previousNext = directory + length - 4;
        }

        return [.. pages];
    }

    [Fact]
    public void Rejects_a_truncated_jpeg_but_accepts_one_with_data_after_its_end()
    {
        var jpeg = TestImages.Read("coco_000000000790.jpg");

        ShouldReject(jpeg[..(jpeg.Length * 6 / 10)], AnalysisFailureReasons.Corrupt);

        // Some tools append a ZIP (or other data) after the end-of-image marker; viewers show the picture.
        byte[] withZip = [.. jpeg, .. "PK\u0003\u0004 appended archive"u8];
        using var decoded = ImageInspector.DecodeUpright(withZip, ImageLimits.Default);
        decoded.Width.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Rejects_zero_bytes_as_unsupported_format()
    {
        ShouldReject([], AnalysisFailureReasons.UnsupportedFormat);
    }

    [Fact]
    public void Rejects_text_as_unsupported_format()
    {
        ShouldReject("Hello, this is a text file and not a photo.\n"u8.ToArray(), AnalysisFailureReasons.UnsupportedFormat);
    }

    [Fact]
    public void Rejects_a_truncated_png_as_corrupt()
    {
        var png = TestImages.Read("coffee.png");

        ShouldReject(png[..(png.Length / 2)], AnalysisFailureReasons.Corrupt);
    }

    [Fact]
    public void Rejects_a_png_cut_inside_its_header_as_corrupt()
    {
        var png = TestImages.Read("coffee.png");

        ShouldReject(png[..20], AnalysisFailureReasons.Corrupt);
    }

    [Fact]
    public void Rejects_a_jpeg_cut_inside_its_header_as_corrupt()
    {
        var jpeg = TestImages.Read("rocket.jpg");

        ShouldReject(jpeg[..100], AnalysisFailureReasons.Corrupt);
    }

    [Fact]
    public void Rejects_a_png_with_a_damaged_header_checksum_as_corrupt()
    {
        var png = TestImages.Read("coffee.png");
        png[20] ^= 0xFF;

        ShouldReject(png, AnalysisFailureReasons.Corrupt);
    }

    [Fact]
    public void Rejects_a_png_whose_header_claims_20000x20000_as_too_large_without_decoding_it()
    {
        // The pixel data is still that of an 8x8 image: a decoder that got this far would allocate 1.2 GB and
        // then fail or zero-fill, so too-large proves the header alone decided.
        var bomb = TestImages.PngWithDeclaredSize(20_000, 20_000);
        bomb.Length.ShouldBeLessThan(1024);

        ShouldReject(bomb, AnalysisFailureReasons.TooLarge);
    }

    [Fact]
    public void Accepts_a_patched_png_header_that_stays_within_the_pixel_limit()
    {
        var info = ImageInspector.Identify(TestImages.PngWithDeclaredSize(9_000, 9_000), ImageLimits.Default);

        info.Width.ShouldBe(9_000);
        info.Height.ShouldBe(9_000);
    }

    [Fact]
    public void Rejects_an_image_over_the_byte_limit_as_too_large()
    {
        var limits = new ImageLimits { MaxBytes = 64 * 1024 };

        ShouldReject(TestImages.Read("rocket.jpg"), AnalysisFailureReasons.TooLarge, limits);
    }

    [Fact]
    public void Rejects_an_image_over_the_pixel_limit_as_too_large()
    {
        var limits = new ImageLimits { MaxPixels = (640 * 427) - 1 };

        ShouldReject(TestImages.Read("rocket.jpg"), AnalysisFailureReasons.TooLarge, limits);
    }

    [Fact]
    public void Accepts_an_image_exactly_at_the_pixel_limit()
    {
        var limits = new ImageLimits { MaxPixels = 640 * 427 };

        using var image = ImageInspector.DecodeUpright(TestImages.Read("rocket.jpg"), limits);

        image.Width.ShouldBe(640);
    }

    private static void ShouldReject(byte[] bytes, string reasonCode, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;

        Should.Throw<ImageRejectedException>(() => ImageInspector.Identify(bytes, limits)).ReasonCode.ShouldBe(reasonCode);
        Should.Throw<ImageRejectedException>(() => ImageInspector.DecodeUpright(bytes, limits)).ReasonCode.ShouldBe(reasonCode);
        Should.Throw<ImageRejectedException>(() => new MetadataExtractor(limits).Extract(bytes)).ReasonCode.ShouldBe(reasonCode);
    }

    private static double MeanAbsoluteDifference(Image<Rgb24> a, Image<Rgb24> b)
    {
        a.Width.ShouldBe(b.Width);
        a.Height.ShouldBe(b.Height);

        var total = 0L;
        a.ProcessPixelRows(b, (rowsA, rowsB) =>
        {
            for (var y = 0; y < rowsA.Height; y++)
            {
                var rowA = rowsA.GetRowSpan(y);
                var rowB = rowsB.GetRowSpan(y);
                for (var x = 0; x < rowA.Length; x++)
                {
                    total += Math.Abs(rowA[x].R - rowB[x].R) + Math.Abs(rowA[x].G - rowB[x].G) + Math.Abs(rowA[x].B - rowB[x].B);
                }
            }
        });
        return total / (3.0 * a.Width * a.Height);
    }
}
