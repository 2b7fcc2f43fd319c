namespace ImageSaga.Contracts;

/// <summary>The five most probable classes.</summary>
public sealed record ClassificationResult
{
    /// <summary>Top-5, most probable first.</summary>
    public IReadOnlyList<ClassLabel> Top { get; init; } = [];

    /// <summary>True when the top probability is below the configured confidence threshold: treat it as "unknown".</summary>
    public bool LowConfidence { get; init; }

    /// <summary>The model that produced the result, e.g. <c>squeezenet1.1</c>.</summary>
    public string Model { get; init; } = "";
}
