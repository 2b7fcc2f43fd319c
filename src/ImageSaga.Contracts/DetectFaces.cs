namespace ImageSaga.Contracts;

/// <summary>Command to the face-detection service (YuNet, boxes and five landmarks).</summary>
public sealed record DetectFaces : IAnalysisStepCommand
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
