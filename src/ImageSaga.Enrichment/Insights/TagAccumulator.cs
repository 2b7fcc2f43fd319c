using ImageSaga.Contracts;

namespace ImageSaga.Enrichment.Insights;

/// <summary>One label while <see cref="TagMerger"/> collects evidence for it from both models.</summary>
internal sealed class TagAccumulator(string label)
{
    private readonly List<string> _sources = [];

    public string Label { get; } = label;

    public float Confidence { get; private set; }

    /// <summary>Detected objects with this label that passed the user's minimum confidence.</summary>
    public int Count { get; private set; }

    /// <summary>Kept even below the user's minimum confidence (the classifier's trusted top-1 and its category).</summary>
    public bool KeptRegardless { get; set; }

    public void Observe(float confidence, string source)
    {
        Confidence = Math.Max(Confidence, confidence);
        if (!_sources.Contains(source))
            _sources.Add(source);
    }

    public void CountObject() => Count++;

    public InsightTag ToTag() => new()
    {
        Label = Label,
        Confidence = Confidence,
        Count = Count,
        // A stable order, whichever model was read first.
        Sources = [.. _sources.OrderBy(source => source == TagSources.Detection ? 0 : 1)],
    };
}
