using ImageSaga.Contracts;

namespace ImageSaga.Enrichment.Insights;

/// <summary>
/// Merges the detector's objects and the classifier's top-5 into one tag per label, adds the general categories of
/// fine-grained classes (<see cref="LabelVocabulary"/>) and drops what the user considers too uncertain.
/// </summary>
internal static class TagMerger
{
    /// <summary>The classifier reports a top-5; anything beyond is ignored so a malformed result cannot flood the tags.</summary>
    private const int ClassesRead = 5;

    /// <summary>
    /// A softmax over 1000 classes rarely gives its best class the 0.5 a detector reaches easily (MODELS.md: a clear cat
    /// photo scores Egyptian cat 0.39, tiger cat 0.35, tabby 0.25), so with the same threshold for both models
    /// classification would seldom contribute. The top-1 is therefore kept below the threshold when the classifier
    /// itself trusts it (not LowConfidence) and it still holds this much of the probability mass.
    /// </summary>
    private const float TrustedTopClassFloor = 0.3f;

    public static IReadOnlyList<InsightTag> Merge(ObjectDetectionResult? detection, ClassificationResult? classification, float minimumConfidence)
    {
        var tags = new Dictionary<string, TagAccumulator>(StringComparer.Ordinal);
        AddDetections(tags, detection, minimumConfidence);
        AddClassification(tags, classification);

        return tags.Values
            .Where(tag => tag.Confidence >= minimumConfidence || tag.KeptRegardless)
            .OrderByDescending(tag => tag.Confidence)
            .ThenBy(tag => tag.Label, StringComparer.Ordinal)
            .Select(tag => tag.ToTag())
            .ToList();
    }

    private static void AddDetections(Dictionary<string, TagAccumulator> tags, ObjectDetectionResult? detection, float minimumConfidence)
    {
        foreach (var detected in detection?.Objects ?? [])
        {
            var label = LabelText.Normalize(detected?.Label);
            if (label.Length == 0 || !Confidence.TryRead(detected!.Score, out var score))
                continue;

            var tag = TagFor(tags, label);
            tag.Observe(score, TagSources.Detection);
            // Count only the objects the user would trust, so the tag and the description ("3 people") agree.
            if (score >= minimumConfidence)
                tag.CountObject();
        }
    }

    private static void AddClassification(Dictionary<string, TagAccumulator> tags, ClassificationResult? classification)
    {
        var classes = ReadClasses(classification);
        if (classes.Count == 0)
            return;

        foreach (var (name, label, probability) in classes)
            TagFor(tags, label).Observe(probability, TagSources.Classification);

        var top = classes[0];
        var topTrusted = classification is { LowConfidence: false } && top.Probability >= TrustedTopClassFloor;
        if (topTrusted)
            TagFor(tags, top.Label).KeptRegardless = true;

        // The classes are mutually exclusive outcomes of one softmax, so the probability of "some dog" is the sum over
        // the breeds in the top-5 (a lower bound: breeds outside the top-5 are not known). With one breed listed it is
        // simply that breed's probability. A class already spelled as its category ("laptop") counts towards it.
        var categories = classes
            .Select(entry => (entry.Probability, Category: LabelVocabulary.GeneralCategoryOf(entry.Name) ?? entry.Label, entry.Label))
            .GroupBy(entry => entry.Category, StringComparer.Ordinal)
            .Where(group => group.Any(entry => entry.Label != group.Key));
        foreach (var category in categories)
        {
            var tag = TagFor(tags, category.Key);
            tag.Observe(Math.Min(1f, category.Sum(entry => entry.Probability)), TagSources.Classification);
            if (topTrusted && category.Any(entry => entry.Label == top.Label))
                tag.KeptRegardless = true;
        }
    }

    /// <summary>Valid classes, most probable first, one entry per label (its highest probability).</summary>
    private static List<(string Name, string Label, float Probability)> ReadClasses(ClassificationResult? classification)
    {
        var classes = new List<(string Name, string Label, float Probability)>();
        foreach (var entry in classification?.Top ?? [])
        {
            var label = LabelText.Normalize(entry?.Label);
            if (label.Length > 0 && Confidence.TryRead(entry!.Probability, out var probability))
                classes.Add((LabelText.Clean(entry.Label), label, probability));
        }

        return classes
            .OrderByDescending(entry => entry.Probability)
            .DistinctBy(entry => entry.Label, StringComparer.Ordinal)
            .Take(ClassesRead)
            .ToList();
    }

    private static TagAccumulator TagFor(Dictionary<string, TagAccumulator> tags, string label)
    {
        if (!tags.TryGetValue(label, out var tag))
        {
            tag = new TagAccumulator(label);
            tags[label] = tag;
        }

        return tag;
    }
}
