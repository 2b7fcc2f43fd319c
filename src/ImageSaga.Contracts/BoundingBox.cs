namespace ImageSaga.Contracts;

/// <summary>An axis-aligned box in pixels of the upright (EXIF-oriented) image, clamped to it.</summary>
public sealed record BoundingBox
{
    /// <summary>Left edge.</summary>
    public float X { get; init; }

    /// <summary>Top edge.</summary>
    public float Y { get; init; }

    /// <summary>Width.</summary>
    public float Width { get; init; }

    /// <summary>Height.</summary>
    public float Height { get; init; }
}
