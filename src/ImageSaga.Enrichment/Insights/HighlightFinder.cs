using ImageSaga.Contracts;
using ImageSaga.Users.History;

namespace ImageSaga.Enrichment.Insights;

/// <summary>Finds what is notable about a photo within the user's library: a first, or a streak this week.</summary>
internal static class HighlightFinder
{
    /// <summary>More than a few highlights of one kind per photo is noise, so only the most confident labels get one.</summary>
    public const int MaxPerKind = 3;

    /// <summary>How far back a streak looks.</summary>
    public static readonly TimeSpan StreakWindow = TimeSpan.FromDays(7);

    /// <summary>Photos of a label this week, this one included, that make a streak worth mentioning.</summary>
    public const int StreakLength = 3;

    /// <summary>For a label the user follows, two in a week is already news.</summary>
    public const int InterestStreakLength = 2;

    // Nearly every library has people in it: "first person" or "3rd photo of a person" would say nothing.
    private const string Person = "person";

    /// <param name="labels">This photo's labels that passed the user's minimum confidence, most confident first.</param>
    /// <param name="earlierImages">The user's other images.</param>
    /// <param name="interests">The user's interests.</param>
    /// <param name="now">The time the streak window ends at.</param>
    public static IReadOnlyList<Highlight> Find(
        IReadOnlyList<string> labels, IReadOnlyList<UserImage> earlierImages, InterestMatcher interests, DateTimeOffset now)
    {
        var eligible = labels.Where(label => label != Person || interests.IsInterest(label)).ToList();
        var earlierLabels = earlierImages.Select(LabelsOf).ToList();

        var firsts = eligible
            .Where(label => !earlierLabels.Any(seen => seen.Contains(label)))
            .Take(MaxPerKind)
            .Select(label => new Highlight
            {
                Kind = HighlightKinds.First,
                Label = label,
                Count = 1,
                Text = $"First {label} in your library",
            })
            .ToList();

        var windowStart = now - StreakWindow;
        var thisWeek = earlierImages
            .Select((image, index) => (UploadedAt: UtcTime.ToOffset(image.UploadedAt), Labels: earlierLabels[index]))
            .Where(image => image.UploadedAt > windowStart && image.UploadedAt <= now)
            .Select(image => image.Labels)
            .ToList();

        // A label is either new or recurring, never both; a first beyond the top three is still not a streak.
        var streaks = eligible
            .Where(label => earlierLabels.Any(seen => seen.Contains(label)))
            .Select(label => (Label: label, Count: thisWeek.Count(seen => seen.Contains(label)) + 1))
            .Where(streak => streak.Count >= (interests.IsInterest(streak.Label) ? InterestStreakLength : StreakLength))
            .OrderByDescending(streak => streak.Count)
            .Take(MaxPerKind)
            .Select(streak => new Highlight
            {
                Kind = HighlightKinds.Streak,
                Label = streak.Label,
                Count = streak.Count,
                Text = $"{Ordinal.Of(streak.Count)} photo of {EnglishNoun.WithArticle(streak.Label)} this week",
            });

        return [.. firsts, .. streaks];
    }

    private static HashSet<string> LabelsOf(UserImage image) =>
        (image.Labels ?? [])
            .Where(label => label is not null)
            .Select(label => LabelText.Normalize(label.Label))
            .Where(label => label.Length > 0)
            .ToHashSet(StringComparer.Ordinal);
}
