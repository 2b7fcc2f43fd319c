namespace ImageSaga.Imaging;

/// <summary>What the service agrees to decode. Both limits are checked before any pixel is decoded.</summary>
public sealed record ImageLimits
{
    /// <summary>The limits used when none are configured.</summary>
    public static ImageLimits Default { get; } = new();

    /// <summary>Largest encoded file accepted, in bytes.</summary>
    public long MaxBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>
    /// Largest width × height accepted. A small file can declare a huge canvas (a "decompression bomb"), so this
    /// bounds memory independently of <see cref="MaxBytes"/>: 100 MP decodes to about 300 MB as Rgb24.
    /// </summary>
    public long MaxPixels { get; init; } = 100_000_000;
}

public static class ImageLimitsOptionsExtensions
{
    /// <summary>The configured limits (<c>ImageSaga:Limits</c>) as the decoder's limits.</summary>
    public static ImageLimits ToImageLimits(this ServiceDefaults.Options.ImageLimitsOptions options) =>
        new() { MaxBytes = options.MaxImageBytes, MaxPixels = options.MaxPixels };
}
