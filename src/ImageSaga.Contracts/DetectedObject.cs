namespace ImageSaga.Contracts;

/// <summary>One detected object.</summary>
public sealed record DetectedObject
{
    /// <summary>The COCO class name, e.g. <c>person</c>, <c>bus</c>.</summary>
    public string Label { get; init; } = "";

    /// <summary>Objectness × class probability, 0..1.</summary>
    public float Score { get; init; }

    /// <summary>Where it is.</summary>
    public BoundingBox Box { get; init; } = new();
}
