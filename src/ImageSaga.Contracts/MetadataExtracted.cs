namespace ImageSaga.Contracts;

/// <summary>The metadata step succeeded.</summary>
public sealed record MetadataExtracted
{
    /// <summary>The image (and saga) the result belongs to.</summary>
    public Guid ImageId { get; init; }

    /// <summary>What was read from the image.</summary>
    public ImageMetadata Metadata { get; init; } = new();
}
