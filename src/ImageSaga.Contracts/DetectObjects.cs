namespace ImageSaga.Contracts;

/// <summary>Command to the object-detection service (YOLOX-Nano, COCO-80).</summary>
public sealed record DetectObjects : IAnalysisStepCommand
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
