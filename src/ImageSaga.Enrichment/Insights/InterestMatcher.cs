namespace ImageSaga.Enrichment.Insights;

/// <summary>Matches tag labels against the user's interests, ignoring case and surrounding spaces.</summary>
internal sealed class InterestMatcher
{
    private readonly List<(string Spelling, string Comparable)> _interests;

    public InterestMatcher(IEnumerable<string>? interests)
    {
        _interests = (interests ?? [])
            .Select(interest => (Spelling: interest?.Trim() ?? "", Comparable: LabelText.Normalize(interest)))
            .Where(interest => interest.Comparable.Length > 0)
            .DistinctBy(interest => interest.Comparable, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Whether the label is one of the interests. The plural counts too: a user who follows "dogs" or "people" means the
    /// "dog" and "person" labels.
    /// </summary>
    public bool IsInterest(string label) => _interests.Any(interest => Matches(interest.Comparable, label));

    /// <summary>The interests any of the labels match, in the user's spelling and order.</summary>
    public IReadOnlyList<string> MatchesIn(IReadOnlyCollection<string> labels) => _interests
        .Where(interest => labels.Any(label => Matches(interest.Comparable, label)))
        .Select(interest => interest.Spelling)
        .ToList();

    private static bool Matches(string interest, string label) =>
        interest == label || (label.Length > 0 && interest == EnglishNoun.Plural(label));
}
