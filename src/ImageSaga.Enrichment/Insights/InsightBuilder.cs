using System.Diagnostics.CodeAnalysis;
using ImageSaga.Contracts;
using ImageSaga.Users.History;
using ImageSaga.Users.Preferences;

namespace ImageSaga.Enrichment.Insights;

/// <summary>
/// Turns one image's analysis results, its owner's preferences and their earlier images into the insights a
/// notification carries. Pure: no I/O and no clock of its own, so the enrichment consumer loads the inputs, calls
/// <see cref="Build"/>, records <see cref="ToHistoryEntry"/> and publishes.
/// </summary>
/// <remarks>
/// Any analysis step may have failed (its result is null), and the results cross the wire, so scores may be NaN or
/// negative, labels empty or odd, hashes malformed. None of that throws: what cannot be read is left out.
/// </remarks>
[SuppressMessage("Performance", "CA1822:Mark members as static",
    Justification = "A service the consumer receives by injection, so it can gain settings without changing its callers.")]
public sealed class InsightBuilder
{
    /// <param name="analysis">The joined analysis results of the image.</param>
    /// <param name="preferences">The owner's preferences (<see cref="UserPreferences.Defaults"/> for an unknown user).</param>
    /// <param name="earlierImages">The owner's other images; the image itself is ignored if the caller passes it.</param>
    /// <param name="place">The place resolved from the image's GPS position, or null.</param>
    /// <param name="now">The current time, where a streak's week ends.</param>
    public ImageInsights Build(
        EnrichImageAnalysis analysis,
        UserPreferences preferences,
        IReadOnlyList<UserImage> earlierImages,
        PlaceInsight? place,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var minimumConfidence = Confidence.MinimumFor(preferences);
        // A redelivered command may find its own image already recorded; comparing it with itself would report a
        // duplicate and hide its firsts.
        var earlier = (earlierImages ?? [])
            .Where(image => image is not null && image.ImageId != analysis.ImageId)
            .DistinctBy(image => image.ImageId)
            .ToList();

        var tags = TagMerger.Merge(analysis.Detection, analysis.Classification, minimumConfidence);
        // The top-1 class may be kept below the threshold for the tag list and the description, but the user asked
        // for nothing below it in firsts, streaks, interests and history.
        var confidentLabels = ConfidentLabels(tags, minimumConfidence);
        var interests = new InterestMatcher(preferences?.Interests);
        var interestMatches = interests.MatchesIn(confidentLabels);
        var contentShown = analysis.Moderation?.Flagged != true || preferences?.ShowFlaggedContent == true;

        return new ImageInsights
        {
            Tags = tags,
            Description = contentShown ? DescriptionWriter.Write(tags, analysis, place) : DescriptionWriter.Hidden,
            Duplicates = DuplicateFinder.Find(analysis.Sha256, analysis.Fingerprint?.PerceptualHash, earlier),
            Highlights = HighlightFinder.Find(confidentLabels, earlier, interests, now),
            InterestMatches = interestMatches,
            Priority = interestMatches.Count > 0 ? NotificationPriority.High : NotificationPriority.Normal,
            Place = place,
            ContentShown = contentShown,
        };
    }

    /// <summary>
    /// The row that records the image in its owner's history, for later duplicates, firsts and streaks. Its labels are
    /// the tags that passed the owner's minimum confidence.
    /// </summary>
    public UserImage ToHistoryEntry(EnrichImageAnalysis analysis, ImageInsights insights, UserPreferences preferences, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(insights);
        var minimumConfidence = Confidence.MinimumFor(preferences);
        var gps = analysis.Metadata?.Gps;
        var hasPosition = gps is not null
            && double.IsFinite(gps.Latitude) && Math.Abs(gps.Latitude) <= 90
            && double.IsFinite(gps.Longitude) && Math.Abs(gps.Longitude) <= 180;

        return new UserImage
        {
            ImageId = analysis.ImageId,
            UserId = analysis.UserId ?? "",
            FileName = analysis.OriginalFileName ?? "",
            Sha256 = (analysis.Sha256 ?? "").Trim().ToLowerInvariant(),
            PerceptualHash = (analysis.Fingerprint?.PerceptualHash ?? "").Trim().ToLowerInvariant(),
            UploadedAt = analysis.UploadedAt.UtcDateTime,
            TakenAt = analysis.Metadata?.TakenAt?.UtcDateTime,
            Labels = (insights.Tags ?? [])
                .Where(tag => tag is not null && tag.Confidence >= minimumConfidence && tag.Label.Length > 0)
                .Select(tag => new ImageLabel(tag.Label, tag.Confidence))
                .ToList(),
            FaceCount = Math.Max(0, analysis.Faces?.Count ?? 0),
            Latitude = hasPosition ? gps!.Latitude : null,
            Longitude = hasPosition ? gps!.Longitude : null,
            PlaceName = insights.Place?.Name,
            Insights = insights,
            RecordedAt = now.UtcDateTime,
        };
    }

    private static List<string> ConfidentLabels(IReadOnlyList<InsightTag> tags, float minimumConfidence) =>
        tags.Where(tag => tag.Confidence >= minimumConfidence).Select(tag => tag.Label).ToList();
}
