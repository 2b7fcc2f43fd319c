namespace ImageSaga.Contracts;

/// <summary>Command to the classification service (SqueezeNet 1.1, ImageNet-1000).</summary>
public sealed record ClassifyImage : IAnalysisStepCommand
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
