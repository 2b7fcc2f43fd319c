namespace ImageSaga.Contracts;

/// <summary>Command to the metadata service: read format, dimensions, orientation, camera EXIF and GPS.</summary>
public sealed record ExtractMetadata : IAnalysisStepCommand
{
    /// <inheritdoc />
    public Guid ImageId { get; init; }

    /// <inheritdoc />
    public string StorageKey { get; init; } = "";

    /// <inheritdoc />
    public string Sha256 { get; init; } = "";

    /// <inheritdoc />
    public int Attempt { get; init; } = 1;
}
