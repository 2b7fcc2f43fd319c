using System.Globalization;
using ImageSaga.Contracts;

namespace ImageSaga.Enrichment.Insights;

/// <summary>
/// Writes the one-line description of a photo from its tags, e.g. "3 people and a dog at a dining table, indoors,
/// evening": who or what is in it, where they are, and when.
/// </summary>
internal static class DescriptionWriter
{
    /// <summary>Shown instead of a description that would reveal content the user chose not to see.</summary>
    public const string Hidden = "Hidden: flagged by moderation";

    /// <summary>What is said when nothing at all is known about the content.</summary>
    public const string Unknown = "a photo";

    /// <summary>More subjects than this stop reading like a description and start reading like the tag list.</summary>
    private const int MaxSubjects = 3;

    private const string Person = "person";

    public static string Write(IReadOnlyList<InsightTag> tags, EnrichImageAnalysis analysis, PlaceInsight? place)
    {
        // Only detected objects can be counted; tags the classifier alone named have Count 0.
        var detected = tags.Where(tag => tag.Count > 0).ToList();
        var subjects = new List<string>();

        // Faces without a detected person: the face detector saw someone the object detector missed (a close-up).
        var faces = FaceCount(analysis.Faces);
        if (faces > 0 && !detected.Any(tag => tag.Label == Person))
            subjects.Add(faces == 1 ? "1 face" : $"{faces.ToString(CultureInfo.InvariantCulture)} faces");

        subjects.AddRange(detected
            .Where(tag => !DescriptionVocabulary.Furniture.ContainsKey(tag.Label))
            .OrderBy(SubjectRank)
            .ThenByDescending(tag => tag.Count)
            .ThenByDescending(tag => tag.Confidence)
            .ThenBy(tag => tag.Label, StringComparer.Ordinal)
            .Select(tag => EnglishNoun.Counted(tag.Label, tag.Count)));

        var furniture = detected
            .Where(tag => DescriptionVocabulary.Furniture.ContainsKey(tag.Label))
            .OrderByDescending(tag => tag.Confidence)
            .ThenBy(tag => tag.Label, StringComparer.Ordinal)
            .ToList();
        string? whereAt = null;
        if (subjects.Count == 0)
            subjects.AddRange(furniture.Select(tag => EnglishNoun.Counted(tag.Label, tag.Count)));
        else if (furniture.Count > 0)
            whereAt = $"{DescriptionVocabulary.Furniture[furniture[0].Label]} {EnglishNoun.WithArticle(furniture[0].Label)}";

        if (subjects.Count == 0 && ClassifiedSubject(tags, analysis.Classification) is { } classified)
            subjects.Add(EnglishNoun.WithArticle(classified));

        var phrase = subjects.Count == 0 ? Unknown : JoinAsList(subjects.Take(MaxSubjects).ToList());
        if (whereAt is not null)
            phrase += " " + whereAt;
        if (LabelText.Clean(place?.Name) is { Length: > 0 } placeName)
            phrase += " in " + placeName;

        string?[] parts = [phrase, Setting(tags), TimeOfDay.FromDateTimeOriginal(analysis.Metadata?.DateTimeOriginal)];
        return string.Join(", ", parts.Where(part => part is not null));
    }

    /// <summary>People first (a photo of people is about them), then animals, then everything else.</summary>
    private static int SubjectRank(InsightTag tag) =>
        tag.Label == Person ? 0 : DescriptionVocabulary.Animals.Contains(tag.Label) ? 1 : 2;

    private static int FaceCount(FaceDetectionResult? faces)
    {
        if (faces is null)
            return 0;
        return faces.Count > 0 ? faces.Count : Math.Max(0, faces.Faces?.Count ?? 0);
    }

    /// <summary>
    /// With nothing detected, the classifier's best class that made it into the tags, in its own spelling
    /// ("an Egyptian cat"); failing that, the most confident tag (a category summed from several classes).
    /// </summary>
    private static string? ClassifiedSubject(IReadOnlyList<InsightTag> tags, ClassificationResult? classification)
    {
        var labels = tags.Select(tag => tag.Label).ToHashSet(StringComparer.Ordinal);
        var best = (classification?.Top ?? [])
            .Where(entry => entry is not null && Confidence.TryRead(entry.Probability, out _))
            .OrderByDescending(entry => entry.Probability)
            .Select(entry => LabelText.Clean(entry.Label))
            .FirstOrDefault(name => labels.Contains(name.ToLowerInvariant()));
        return best ?? (tags.Count > 0 ? tags[0].Label : null);
    }

    /// <summary>"indoors" or "outdoors" by a majority of the labels that imply either; null on a tie or no evidence.</summary>
    private static string? Setting(IReadOnlyList<InsightTag> tags)
    {
        var indoor = tags.Count(tag => DescriptionVocabulary.Indoor.Contains(tag.Label));
        var outdoor = tags.Count(tag => DescriptionVocabulary.Outdoor.Contains(tag.Label));
        return indoor > outdoor ? "indoors" : outdoor > indoor ? "outdoors" : null;
    }

    private static string JoinAsList(List<string> items) => items.Count switch
    {
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };
}
