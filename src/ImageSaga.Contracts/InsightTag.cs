namespace ImageSaga.Contracts;

/// <summary>One label of the merged tag list.</summary>
public sealed record InsightTag
{
    /// <summary>Lower-case label, e.g. <c>dog</c>, <c>golden retriever</c>.</summary>
    public string Label { get; init; } = "";

    /// <summary>The highest confidence any source gave it, 0..1.</summary>
    public float Confidence { get; init; }

    /// <summary>How many detected objects carry the label (0 when only classification named it).</summary>
    public int Count { get; init; }

    /// <summary>Which results named it: <c>detection</c>, <c>classification</c>.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];
}
