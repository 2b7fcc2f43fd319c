namespace ImageSaga.Contracts;

/// <summary>The face-detection step succeeded.</summary>
public sealed record FacesDetected
{
    /// <summary>The image (and saga) the result belongs to.</summary>
    public Guid ImageId { get; init; }

    /// <summary>The faces found.</summary>
    public FaceDetectionResult Result { get; init; } = new();
}
