namespace ImageSaga.Enrichment.Insights;

/// <summary>The values of <see cref="Contracts.Highlight.Kind"/>.</summary>
public static class HighlightKinds
{
    /// <summary>The label appears in none of the user's earlier images.</summary>
    public const string First = "first";

    /// <summary>Several of the user's photos of the past week show the label.</summary>
    public const string Streak = "streak";
}
