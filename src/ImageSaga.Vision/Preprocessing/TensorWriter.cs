using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSaga.Vision.Preprocessing;

/// <summary>
/// Writes an image into a planar float32 NCHW tensor (batch of one) through spans: one pass over the pixel rows,
/// three plane writes per pixel, no per-element indexer. The image sits at the top-left; anything right of or below it
/// is filled with the pad value (a 0..255 grey level, normalised like the pixels).
/// </summary>
public static class TensorWriter
{
    public static void Write(Image<Rgb24> image, Memory<float> tensor, int width, int height, ChannelOrder order,
        PixelNormalization normalization, byte padValue = 0)
    {
        var plane = width * height;
        if (tensor.Length < plane * 3)
            throw new ArgumentException($"The tensor holds {tensor.Length} floats; 3x{height}x{width} needs {plane * 3}.", nameof(tensor));
        if (image.Width > width || image.Height > height)
            throw new ArgumentException($"The image is {image.Width}x{image.Height}, larger than the {width}x{height} tensor.", nameof(image));

        // Planes in tensor order: R,G,B for RGB models; B,G,R for BGR models.
        var (redPlane, bluePlane) = order == ChannelOrder.Rgb ? (0, 2 * plane) : (2 * plane, 0);
        var red = tensor.Slice(redPlane, plane);
        var green = tensor.Slice(plane, plane);
        var blue = tensor.Slice(bluePlane, plane);

        if (image.Width < width || image.Height < height)
        {
            red.Span.Fill(normalization.Red(padValue));
            green.Span.Fill(normalization.Green(padValue));
            blue.Span.Fill(normalization.Blue(padValue));
        }

        image.ProcessPixelRows(accessor =>
        {
            // Spans cannot be captured by the lambda, so the planes are captured as Memory and opened here.
            var redSpan = red.Span;
            var greenSpan = green.Span;
            var blueSpan = blue.Span;
            for (var y = 0; y < accessor.Height; y++)
            {
                var row = accessor.GetRowSpan(y);
                var offset = y * width;
                for (var x = 0; x < row.Length; x++)
                {
                    var pixel = row[x];
                    redSpan[offset + x] = normalization.Red(pixel.R);
                    greenSpan[offset + x] = normalization.Green(pixel.G);
                    blueSpan[offset + x] = normalization.Blue(pixel.B);
                }
            }
        });
    }
}
