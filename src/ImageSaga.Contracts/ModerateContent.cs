namespace ImageSaga.Contracts;

/// <summary>Command to the content-moderation service (NSFW MobileNetV2, five classes).</summary>
public sealed record ModerateContent : IAnalysisStepCommand
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
