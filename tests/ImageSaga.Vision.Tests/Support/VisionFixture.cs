using ImageSaga.Imaging;
using ImageSaga.Vision.Models;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSaga.Vision.Tests.Support;

/// <summary>
/// The repository's models (copied beside the test assembly by the Vision project) and the shared photos, decoded the
/// way the services decode them: upright, Rgb24.
/// </summary>
public static class VisionModels
{
    /// <summary>Default options: the models/ folder beside the test assembly and the MODELS.md thresholds.</summary>
    public static VisionOptions Options { get; } = new();

    /// <summary>A loader over <see cref="Options"/>; it holds no sessions, so sharing it is safe.</summary>
    public static ModelLoader Loader { get; } = new(Microsoft.Extensions.Options.Options.Create(Options));

    /// <summary>Decodes a photo from ../shared/images with its EXIF orientation applied; the caller disposes it.</summary>
    public static Image<Rgb24> LoadUpright(string photoFileName) =>
        ImageInspector.DecodeUpright(TestImages.Read(photoFileName), ImageLimits.Default);
}
