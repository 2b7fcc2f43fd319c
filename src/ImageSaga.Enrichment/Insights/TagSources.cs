namespace ImageSaga.Enrichment.Insights;

/// <summary>The values of <see cref="Contracts.InsightTag.Sources"/>: which analysis named a label.</summary>
public static class TagSources
{
    /// <summary>The object detector (COCO labels).</summary>
    public const string Detection = "detection";

    /// <summary>The image classifier (ImageNet labels and the general categories derived from them).</summary>
    public const string Classification = "classification";
}
