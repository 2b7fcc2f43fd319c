namespace ImageSaga.Contracts;

/// <summary>The faces above the score threshold, after non-maximum suppression.</summary>
public sealed record FaceDetectionResult
{
    /// <summary>How many faces.</summary>
    public int Count { get; init; }

    /// <summary>The faces, highest score first.</summary>
    public IReadOnlyList<DetectedFace> Faces { get; init; } = [];

    /// <summary>The model that produced the result, e.g. <c>yunet_2023mar</c>.</summary>
    public string Model { get; init; } = "";
}
