namespace ImageSaga.Contracts;

/// <summary>What the metadata step reads from an image, without decoding its pixels.</summary>
public sealed record ImageMetadata
{
    /// <summary>The decoded format's name, e.g. <c>JPEG</c>, <c>PNG</c>.</summary>
    public string Format { get; init; } = "";

    /// <summary>The MIME type of the decoded format.</summary>
    public string MimeType { get; init; } = "";

    /// <summary>Width as stored, in pixels.</summary>
    public int Width { get; init; }

    /// <summary>Height as stored, in pixels.</summary>
    public int Height { get; init; }

    /// <summary>Width once EXIF orientation is applied (swapped for orientations 5 to 8).</summary>
    public int OrientedWidth { get; init; }

    /// <summary>Height once EXIF orientation is applied.</summary>
    public int OrientedHeight { get; init; }

    /// <summary>EXIF orientation 1..8; 1 when absent.</summary>
    public int Orientation { get; init; } = 1;

    /// <summary>Bits per pixel as stored.</summary>
    public int BitsPerPixel { get; init; }

    /// <summary>Camera and exposure fields from EXIF, when present.</summary>
    public CameraSettings? Camera { get; init; }

    /// <summary>EXIF DateTimeOriginal as written by the camera (local time, ISO 8601 without offset).</summary>
    public string? DateTimeOriginal { get; init; }

    /// <summary>EXIF OffsetTimeOriginal, e.g. <c>+02:00</c>, when present.</summary>
    public string? OffsetTimeOriginal { get; init; }

    /// <summary>The capture instant, when both the time and its offset are known.</summary>
    public DateTimeOffset? TakenAt { get; init; }

    /// <summary>The GPS position, when present.</summary>
    public GpsPosition? Gps { get; init; }
}
