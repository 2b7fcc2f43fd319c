namespace ImageSaga.Contracts;

/// <summary>The content-moderation step succeeded.</summary>
public sealed record ContentModerated
{
    /// <summary>The image (and saga) the result belongs to.</summary>
    public Guid ImageId { get; init; }

    /// <summary>The class probabilities and the policy's decision.</summary>
    public ModerationResult Result { get; init; } = new();
}
