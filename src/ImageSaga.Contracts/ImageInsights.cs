namespace ImageSaga.Contracts;

/// <summary>The analysis results joined with what is known about the owner: what a person wants to be told.</summary>
public sealed record ImageInsights
{
    /// <summary>Detection and classification labels merged and de-duplicated, most confident first.</summary>
    public IReadOnlyList<InsightTag> Tags { get; init; } = [];

    /// <summary>One line describing the photo, e.g. <c>3 people and a dog at a dining table, indoors, evening</c>.</summary>
    public string Description { get; init; } = "";

    /// <summary>Earlier images of the same user that are exact or near duplicates of this one, closest first.</summary>
    public IReadOnlyList<SimilarImage> Duplicates { get; init; } = [];

    /// <summary>Firsts and streaks in the user's library.</summary>
    public IReadOnlyList<Highlight> Highlights { get; init; } = [];

    /// <summary>The user's interests this image matches (their own spelling).</summary>
    public IReadOnlyList<string> InterestMatches { get; init; } = [];

    /// <summary>How urgently to notify: an interest match raises it.</summary>
    public NotificationPriority Priority { get; init; } = NotificationPriority.Normal;

    /// <summary>Where the photo was taken, when it carries a GPS position.</summary>
    public PlaceInsight? Place { get; init; }

    /// <summary>
    /// False when moderation flagged the image and the user's preferences do not allow showing flagged content:
    /// notifications then leave out the thumbnail and the description.
    /// </summary>
    public bool ContentShown { get; init; } = true;
}
