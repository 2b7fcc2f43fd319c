using ImageSaga.Contracts;
using ImageSaga.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSaga.Metadata.Tests;

public sealed class MetadataExtractorTests
{
    private const double CoordinateTolerance = 1e-4;

    private readonly MetadataExtractor extractor = new(ImageLimits.Default);

    [Fact]
    public void Reads_camera_and_gps_from_the_synthetic_coffee_photo()
    {
        var metadata = extractor.Extract(TestImages.Read("exif_camera_gps_coffee.jpg"));

        metadata.Format.ShouldBe("JPEG");
        metadata.MimeType.ShouldBe("image/jpeg");
        metadata.Width.ShouldBe(600);
        metadata.Height.ShouldBe(400);
        metadata.Orientation.ShouldBe(1);
        metadata.OrientedWidth.ShouldBe(600);
        metadata.OrientedHeight.ShouldBe(400);
        metadata.BitsPerPixel.ShouldBe(24);

        var camera = metadata.Camera.ShouldNotBeNull();
        camera.Make.ShouldBe("Canon");
        camera.Model.ShouldBe("Canon EOS 5D Mark IV");
        camera.LensModel.ShouldBe("EF24-105mm f/4L IS II USM");
        camera.ExposureTime.ShouldBe("1/125");
        camera.ExposureTimeSeconds.ShouldNotBeNull().ShouldBe(1 / 125d, 1e-9);
        camera.FNumber.ShouldBe(4.0);
        camera.Iso.ShouldBe(400);
        camera.FocalLengthMm.ShouldBe(50);

        metadata.DateTimeOriginal.ShouldBe("2021-06-15T09:41:27");
        metadata.OffsetTimeOriginal.ShouldBe("+02:00");
        metadata.TakenAt.ShouldBe(new DateTimeOffset(2021, 6, 15, 9, 41, 27, TimeSpan.FromHours(2)));
        metadata.TakenAt!.Value.UtcDateTime.ShouldBe(new DateTime(2021, 6, 15, 7, 41, 27, DateTimeKind.Utc));

        var gps = metadata.Gps.ShouldNotBeNull();
        gps.Latitude.ShouldBe(48.858370, CoordinateTolerance);
        gps.Longitude.ShouldBe(2.294481, CoordinateTolerance);
        gps.AltitudeMeters.ShouldNotBeNull().ShouldBe(35, 1e-9);
    }

    [Fact]
    public void Reads_a_western_longitude_as_negative_and_swaps_axes_for_orientation_6_on_the_cat_photo()
    {
        var metadata = extractor.Extract(TestImages.Read("exif_orientation_6_gps_cat.jpg"));

        metadata.Orientation.ShouldBe(6);
        metadata.Width.ShouldBe(300);
        metadata.Height.ShouldBe(451);
        metadata.OrientedWidth.ShouldBe(451);
        metadata.OrientedHeight.ShouldBe(300);

        var camera = metadata.Camera.ShouldNotBeNull();
        camera.Make.ShouldBe("Apple");
        camera.Model.ShouldBe("iPhone 12");
        camera.LensModel.ShouldBeNull();
        camera.ExposureTime.ShouldBeNull();
        camera.Iso.ShouldBeNull();

        metadata.DateTimeOriginal.ShouldBe("2019-11-02T17:05:13");
        metadata.OffsetTimeOriginal.ShouldBe("-08:00");
        metadata.TakenAt.ShouldBe(new DateTimeOffset(2019, 11, 2, 17, 5, 13, TimeSpan.FromHours(-8)));

        var gps = metadata.Gps.ShouldNotBeNull();
        gps.Latitude.ShouldBe(37.774929, CoordinateTolerance);
        gps.Longitude.ShouldBe(-122.419416, CoordinateTolerance);
        gps.AltitudeMeters.ShouldBeNull();
    }

    [Fact]
    public void Reads_orientation_6_from_big_endian_exif_without_inventing_camera_fields()
    {
        var metadata = extractor.Extract(TestImages.Read("exif_orientation_6_landscape.jpg"));

        metadata.Width.ShouldBe(1200);
        metadata.Height.ShouldBe(1800);
        metadata.Orientation.ShouldBe(6);
        metadata.OrientedWidth.ShouldBe(1800);
        metadata.OrientedHeight.ShouldBe(1200);
        metadata.Camera.ShouldBeNull();
        metadata.Gps.ShouldBeNull();
        metadata.DateTimeOriginal.ShouldBeNull();
        metadata.TakenAt.ShouldBeNull();
    }

    [Fact]
    public void Keeps_the_stored_axes_for_orientation_1()
    {
        var metadata = extractor.Extract(TestImages.Read("exif_orientation_1_landscape.jpg"));

        metadata.Orientation.ShouldBe(1);
        metadata.OrientedWidth.ShouldBe(1800);
        metadata.OrientedHeight.ShouldBe(1200);
        metadata.Camera.ShouldBeNull();
    }

    [Theory]
    [InlineData("coffee.png", 600, 400)]
    [InlineData("cat_chelsea.png", 451, 300)]
    [InlineData("astronaut.png", 512, 512)]
    public void Reads_pngs_as_png_without_camera_or_gps(string fileName, int width, int height)
    {
        var metadata = extractor.Extract(TestImages.Read(fileName));

        metadata.Format.ShouldBe("PNG");
        metadata.MimeType.ShouldBe("image/png");
        metadata.Width.ShouldBe(width);
        metadata.Height.ShouldBe(height);
        metadata.OrientedWidth.ShouldBe(width);
        metadata.OrientedHeight.ShouldBe(height);
        metadata.Orientation.ShouldBe(1);
        metadata.BitsPerPixel.ShouldBe(24);
        metadata.Camera.ShouldBeNull();
        metadata.Gps.ShouldBeNull();
        metadata.DateTimeOriginal.ShouldBeNull();
        metadata.OffsetTimeOriginal.ShouldBeNull();
    }

    [Fact]
    public void Reads_every_test_photo_without_throwing()
    {
        foreach (var path in TestImages.AllPhotos())
        {
            var metadata = extractor.Extract(File.ReadAllBytes(path));
            metadata.Width.ShouldBePositive(path);
            metadata.Format.ShouldBeOneOf("JPEG", "PNG");
        }
    }

    [Fact]
    public void Ignores_malformed_exif_values_field_by_field()
    {
        var profile = new ExifProfile();
        profile.SetValue(ExifTag.Orientation, (ushort)9);
        profile.SetValue(ExifTag.Make, "Nikon\0\0  ");
        profile.SetValue(ExifTag.Model, "\0\0\0");
        profile.SetValue(ExifTag.ExposureTime, new Rational(1, 0, false));
        profile.SetValue(ExifTag.FNumber, new Rational(28, 10));
        profile.SetValue(ExifTag.FocalLength, new Rational(0, 0, false));
        profile.SetValue(ExifTag.DateTimeOriginal, "0000:00:00 00:00:00");
        profile.SetValue(ExifTag.OffsetTimeOriginal, "+25:00");
        profile.SetValue(ExifTag.GPSLatitude, [new Rational(95, 1), new Rational(0, 1), new Rational(0, 1)]);
        profile.SetValue(ExifTag.GPSLatitudeRef, "N");
        profile.SetValue(ExifTag.GPSLongitude, [new Rational(10, 1), new Rational(30, 0, false), new Rational(0, 1)]);
        profile.SetValue(ExifTag.GPSLongitudeRef, "E");

        var metadata = extractor.Extract(EncodeJpegWith(profile, width: 40, height: 20));

        metadata.Orientation.ShouldBe(1);
        metadata.OrientedWidth.ShouldBe(40);
        metadata.OrientedHeight.ShouldBe(20);
        var camera = metadata.Camera.ShouldNotBeNull();
        camera.Make.ShouldBe("Nikon");
        camera.Model.ShouldBeNull();
        camera.ExposureTime.ShouldBeNull();
        camera.ExposureTimeSeconds.ShouldBeNull();
        camera.FNumber.ShouldNotBeNull().ShouldBe(2.8, 1e-9);
        camera.FocalLengthMm.ShouldBeNull();
        metadata.DateTimeOriginal.ShouldBeNull();
        metadata.OffsetTimeOriginal.ShouldBeNull();
        metadata.TakenAt.ShouldBeNull();
        metadata.Gps.ShouldBeNull();
    }

    [Fact]
    public void Reads_southern_latitude_and_altitude_below_sea_level_as_negative()
    {
        var profile = new ExifProfile();
        profile.SetValue(ExifTag.GPSLatitude, [new Rational(33, 1), new Rational(52, 1), new Rational(0, 1)]);
        profile.SetValue(ExifTag.GPSLatitudeRef, "S");
        profile.SetValue(ExifTag.GPSLongitude, [new Rational(151, 1), new Rational(12, 1), new Rational(36, 1)]);
        profile.SetValue(ExifTag.GPSLongitudeRef, "E");
        profile.SetValue(ExifTag.GPSAltitude, new Rational(430, 1));
        profile.SetValue(ExifTag.GPSAltitudeRef, (byte)1);
        profile.SetValue(ExifTag.ExposureTime, new Rational(2, 1));
        profile.SetValue(ExifTag.Orientation, (ushort)8);

        var metadata = extractor.Extract(EncodeJpegWith(profile, width: 40, height: 20));

        var gps = metadata.Gps.ShouldNotBeNull();
        gps.Latitude.ShouldBe(-(33 + (52 / 60d)), 1e-9);
        gps.Longitude.ShouldBe(151 + (12 / 60d) + (36 / 3600d), 1e-9);
        gps.AltitudeMeters.ShouldBe(-430);
        metadata.Camera.ShouldNotBeNull().ExposureTime.ShouldBe("2");
        metadata.OrientedWidth.ShouldBe(20);
        metadata.OrientedHeight.ShouldBe(40);
    }

    [Fact]
    public void Rejects_bytes_that_are_not_an_image_with_unsupported_format()
    {
        var rejection = Should.Throw<ImageRejectedException>(() => extractor.Extract("not an image at all"u8.ToArray()));

        rejection.ReasonCode.ShouldBe(AnalysisFailureReasons.UnsupportedFormat);
    }

    private static byte[] EncodeJpegWith(ExifProfile profile, int width, int height)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(90, 120, 150));
        image.Metadata.ExifProfile = profile;
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }
}
