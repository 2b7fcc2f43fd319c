using ImageSaga.Vision.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImageSaga.Vision.Tests.Detection;

/// <summary>Inputs at the edges of what a decoder can hand the models: degenerate sizes, grey sources, big canvases.</summary>
internal static class UnusualImages
{
    public const string SinglePixel = "1x1";
    public const string TallStrip = "1x2000";
    public const string GrayscaleOrigin = "grayscale origin";
    public const string Large = "4000x3000";

    public static TheoryData<string> All => new(SinglePixel, TallStrip, GrayscaleOrigin, Large);

    public static Image<Rgb24> Create(string kind)
    {
        switch (kind)
        {
            case SinglePixel:
                return new Image<Rgb24>(1, 1, new Rgb24(200, 30, 30));
            case TallStrip:
            {
                // A real column of pixels, not a flat colour, so the resamplers see varying content.
                using var photo = VisionModels.LoadUpright("coco_000000183709.jpg");
                return photo.Clone(x => x.Crop(new Rectangle(photo.Width / 2, 0, 1, photo.Height)).Resize(1, 2000));
            }

            case GrayscaleOrigin:
            {
                using var grey = Image.Load<L8>(TestImages.Read("coco_000000423617.jpg"));
                return grey.CloneAs<Rgb24>();
            }

            case Large:
            {
                var photo = VisionModels.LoadUpright("coco_000000423617.jpg");
                photo.Mutate(x => x.Resize(4000, 3000));
                return photo;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown unusual image.");
        }
    }
}
