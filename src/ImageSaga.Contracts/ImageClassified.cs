namespace ImageSaga.Contracts;

/// <summary>The classification step succeeded.</summary>
public sealed record ImageClassified
{
    /// <summary>The image (and saga) the result belongs to.</summary>
    public Guid ImageId { get; init; }

    /// <summary>The top classes.</summary>
    public ClassificationResult Result { get; init; } = new();
}
