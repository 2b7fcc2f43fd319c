namespace ImageSaga.Contracts;

/// <summary>The object-detection step succeeded.</summary>
public sealed record ObjectsDetected
{
    /// <summary>The image (and saga) the result belongs to.</summary>
    public Guid ImageId { get; init; }

    /// <summary>What was found.</summary>
    public ObjectDetectionResult Result { get; init; } = new();
}
