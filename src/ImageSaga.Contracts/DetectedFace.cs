namespace ImageSaga.Contracts;

/// <summary>One face, with the five landmarks YuNet gives.</summary>
public sealed record DetectedFace
{
    /// <summary>Detector confidence, 0..1.</summary>
    public float Score { get; init; }

    /// <summary>Where the face is.</summary>
    public BoundingBox Box { get; init; } = new();

    /// <summary>Right eye, left eye, nose tip, right and left mouth corner (the subject's right), in image pixels.</summary>
    public IReadOnlyList<Landmark> Landmarks { get; init; } = [];
}
