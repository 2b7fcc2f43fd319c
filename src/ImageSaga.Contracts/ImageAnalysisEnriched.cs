namespace ImageSaga.Contracts;

/// <summary>The enrichment service's answer to <see cref="EnrichImageAnalysis"/>.</summary>
public sealed record ImageAnalysisEnriched
{
    /// <summary>The image (and saga).</summary>
    public Guid ImageId { get; init; }

    /// <summary>What the results mean to the image's owner.</summary>
    public ImageInsights Insights { get; init; } = new();
}
