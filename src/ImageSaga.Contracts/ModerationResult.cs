namespace ImageSaga.Contracts;

/// <summary>The moderation model's class probabilities and the configured policy's decision.</summary>
public sealed record ModerationResult
{
    /// <summary>Probabilities of <c>Drawing</c>, <c>Hentai</c>, <c>Neutral</c>, <c>Porn</c>, <c>Sexy</c>; they sum to 1.</summary>
    public IReadOnlyDictionary<string, float> Probabilities { get; init; } = new Dictionary<string, float>();

    /// <summary>Whether the policy flags the image for review.</summary>
    public bool Flagged { get; init; }

    /// <summary>Which rule flagged it, e.g. <c>porn+hentai 0.82 &gt; 0.70</c>; null when not flagged.</summary>
    public string? Reason { get; init; }

    /// <summary>The model that produced the result, e.g. <c>nsfw_mobilenet_v2</c>.</summary>
    public string Model { get; init; } = "";
}
