namespace ImageSaga.Contracts;

/// <summary>Command to the fingerprint service: thumbnail, perceptual hash, dominant colours and a quality score.</summary>
public sealed record ComputeFingerprint : IAnalysisStepCommand
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
