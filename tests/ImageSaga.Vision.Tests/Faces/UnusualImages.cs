using ImageSaga.Imaging;
using ImageSaga.Vision.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImageSaga.Vision.Tests.Faces;

/// <summary>
/// Shapes and encodings the photos do not cover. The PNG cases go through <see cref="ImageInspector.DecodeUpright"/>,
/// as an upload would, so alpha and grey are normalised to Rgb24 the same way.
/// </summary>
public static class UnusualImages
{
    public static TheoryData<string> Names => ["1x1", "1x2000", "4000x3000", "transparent-png", "grayscale-png"];

    public static Image<Rgb24> Create(string name) => name switch
    {
        "1x1" => new Image<Rgb24>(1, 1, new Rgb24(200, 150, 120)),
        "1x2000" => Gradient(1, 2000),
        "4000x3000" => AstronautOn(new Image<Rgb24>(4000, 3000, new Rgb24(30, 30, 30)), new Rectangle(1200, 600, 1600, 1600)),
        "transparent-png" => Decode(TransparentPng()),
        "grayscale-png" => Decode(GrayscalePng()),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such unusual image."),
    };

    static Image<Rgb24> Gradient(int width, int height)
    {
        var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
                rows.GetRowSpan(y).Fill(new Rgb24((byte)(y % 256), (byte)(255 - (y % 256)), 128));
        });
        return image;
    }

    static Image<Rgb24> AstronautOn(Image<Rgb24> canvas, Rectangle where)
    {
        using var astronaut = VisionModels.LoadUpright("astronaut.png");
        astronaut.Mutate(x => x.Resize(where.Width, where.Height));
        canvas.Mutate(x => x.DrawImage(astronaut, where.Location, 1f));
        return canvas;
    }

    /// <summary>The astronaut with a fully transparent left half and a half-transparent border, as RGBA.</summary>
    static byte[] TransparentPng()
    {
        using var astronaut = VisionModels.LoadUpright("astronaut.png");
        using var rgba = astronaut.CloneAs<Rgba32>();
        rgba.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    if (x < 100)
                        row[x].A = 0;
                    else if (y < 20 || y > rows.Height - 20)
                        row[x].A = 128;
                }
            }
        });
        using var stream = new MemoryStream();
        rgba.SaveAsPng(stream, new PngEncoder { ColorType = PngColorType.RgbWithAlpha });
        return stream.ToArray();
    }

    static byte[] GrayscalePng()
    {
        using var astronaut = VisionModels.LoadUpright("astronaut.png");
        using var gray = astronaut.CloneAs<L8>();
        using var stream = new MemoryStream();
        gray.SaveAsPng(stream, new PngEncoder { ColorType = PngColorType.Grayscale });
        return stream.ToArray();
    }

    static Image<Rgb24> Decode(byte[] png) => ImageInspector.DecodeUpright(png, ImageLimits.Default);
}
