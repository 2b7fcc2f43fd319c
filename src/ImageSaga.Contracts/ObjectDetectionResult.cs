namespace ImageSaga.Contracts;

/// <summary>All objects above the score threshold, after non-maximum suppression, highest score first.</summary>
public sealed record ObjectDetectionResult
{
    /// <summary>The detections.</summary>
    public IReadOnlyList<DetectedObject> Objects { get; init; } = [];

    /// <summary>Width of the upright image the boxes refer to.</summary>
    public int ImageWidth { get; init; }

    /// <summary>Height of the upright image the boxes refer to.</summary>
    public int ImageHeight { get; init; }

    /// <summary>The model that produced the result, e.g. <c>yolox_nano</c>.</summary>
    public string Model { get; init; } = "";
}
