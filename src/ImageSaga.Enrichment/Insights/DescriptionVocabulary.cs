namespace ImageSaga.Enrichment.Insights;

/// <summary>What COCO labels (and the categories derived from ImageNet, which share their names) say about a scene.</summary>
internal static class DescriptionVocabulary
{
    /// <summary>
    /// Furniture and fixtures people are at or on rather than looking at: they place the subjects ("at a dining table")
    /// instead of joining them. The preposition is the one that reads naturally for a person or a pet.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Furniture = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["dining table"] = "at",
        ["bed"] = "on",
        ["couch"] = "on",
        ["bench"] = "on",
        ["toilet"] = "by",
        ["sink"] = "at",
    };

    /// <summary>Labels that are almost always inside a building.</summary>
    public static readonly IReadOnlySet<string> Indoor = new HashSet<string>(StringComparer.Ordinal)
    {
        "dining table", "couch", "bed", "toilet", "sink", "tv", "laptop", "mouse", "remote", "keyboard", "microwave",
        "oven", "toaster", "refrigerator", "hair drier", "toothbrush", "potted plant",
    };

    /// <summary>Labels that are almost always under the open sky.</summary>
    public static readonly IReadOnlySet<string> Outdoor = new HashSet<string>(StringComparer.Ordinal)
    {
        "car", "bus", "truck", "train", "motorcycle", "bicycle", "airplane", "boat", "traffic light", "fire hydrant",
        "stop sign", "parking meter", "bench", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe", "bird",
        "kite", "skis", "snowboard", "surfboard",
    };

    /// <summary>Animals come right after people in a description: a photo "of a dog and 2 cups", not the other way round.</summary>
    public static readonly IReadOnlySet<string> Animals = new HashSet<string>(StringComparer.Ordinal)
    {
        "bird", "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe",
    };
}
