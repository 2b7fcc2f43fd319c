using ImageSaga.Contracts;

namespace ImageSaga.Metadata;

/// <summary>What <see cref="FingerprintCalculator"/> computes; the consumer stores the thumbnail and keeps its key.</summary>
/// <param name="ThumbnailJpeg">The thumbnail, JPEG-encoded, without EXIF, ICC, IPTC or XMP.</param>
/// <param name="ThumbnailWidth">Thumbnail width in pixels.</param>
/// <param name="ThumbnailHeight">Thumbnail height in pixels.</param>
/// <param name="PerceptualHash">64-bit DCT pHash as 16 lower-case hex digits.</param>
/// <param name="DominantColors">Up to five colours, largest share first.</param>
/// <param name="Quality">Sharpness and exposure assessment.</param>
public sealed record FingerprintResult(
    byte[] ThumbnailJpeg,
    int ThumbnailWidth,
    int ThumbnailHeight,
    string PerceptualHash,
    IReadOnlyList<DominantColor> DominantColors,
    ImageQuality Quality);
