using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImageSaga.Vision.Preprocessing;

/// <summary>
/// The three geometric preparations the models need. All take the upright (EXIF-oriented) image and return a new,
/// smaller image the caller disposes; the results in MODELS.md were made with ImageSharp's Triangle resampler.
/// </summary>
public static class Resizing
{
    /// <summary>
    /// Letterbox for YOLOX and YuNet: scale by <c>r = min(size/w, size/h)</c> to <c>(int)(w*r) x (int)(h*r)</c>; the
    /// image goes at the top-left of the square canvas (TensorWriter pads right and bottom), so boxes map back by
    /// dividing by <c>r</c>, with no offset.
    /// </summary>
    public static Letterboxed Letterbox(Image<Rgb24> upright, int size)
    {
        var ratio = Math.Min((float)size / upright.Width, (float)size / upright.Height);
        var width = Math.Clamp((int)(upright.Width * ratio), 1, size);
        var height = Math.Clamp((int)(upright.Height * ratio), 1, size);
        return new Letterboxed(upright.Clone(x => x.Resize(width, height, KnownResamplers.Triangle)), ratio);
    }

    /// <summary>
    /// Shorter side to <paramref name="shorterSide"/>, then the centre <paramref name="crop"/> square (SqueezeNet).
    /// The square that survives the crop is cut from the original first and only that is resized: the same pixels,
    /// without building the full resized intermediate (a 1x2000 strip would otherwise become 256x512000).
    /// </summary>
    public static Image<Rgb24> ResizeAndCenterCrop(Image<Rgb24> upright, int shorterSide, int crop)
    {
        var shorter = Math.Min(upright.Width, upright.Height);
        var side = Math.Clamp((int)Math.Round((double)crop * shorter / shorterSide), 1, shorter);
        var region = new Rectangle((upright.Width - side) / 2, (upright.Height - side) / 2, side, side);
        return upright.Clone(x => x.Crop(region).Resize(crop, crop, KnownResamplers.Triangle));
    }

    /// <summary>Stretch to exactly <paramref name="width"/> x <paramref name="height"/>, ignoring the aspect ratio (NSFW).</summary>
    public static Image<Rgb24> Stretch(Image<Rgb24> upright, int width, int height) =>
        upright.Clone(x => x.Resize(width, height, KnownResamplers.Triangle));
}

/// <summary>A letterboxed image and the ratio that maps model coordinates back: original = model / Ratio.</summary>
public sealed record Letterboxed(Image<Rgb24> Image, float Ratio) : IDisposable
{
    public void Dispose() => Image.Dispose();
}
