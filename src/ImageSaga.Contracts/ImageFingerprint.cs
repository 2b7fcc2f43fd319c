namespace ImageSaga.Contracts;

/// <summary>What the fingerprint step computes from the decoded, upright image.</summary>
public sealed record ImageFingerprint
{
    /// <summary>Image-store key of the JPEG thumbnail (longest side 256), stored beside the original.</summary>
    public string ThumbnailKey { get; init; } = "";

    /// <summary>Thumbnail width in pixels.</summary>
    public int ThumbnailWidth { get; init; }

    /// <summary>Thumbnail height in pixels.</summary>
    public int ThumbnailHeight { get; init; }

    /// <summary>64-bit perceptual hash (DCT pHash) as 16 lower-case hex digits; compare by Hamming distance.</summary>
    public string PerceptualHash { get; init; } = "";

    /// <summary>The five most dominant colours, largest share first.</summary>
    public IReadOnlyList<DominantColor> DominantColors { get; init; } = [];

    /// <summary>A simple sharpness and exposure assessment.</summary>
    public ImageQuality Quality { get; init; } = new();
}
