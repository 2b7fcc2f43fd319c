using ImageSaga.Contracts;
using ImageSaga.Enrichment.Insights;
using ImageSaga.Enrichment.Places;
using ImageSaga.Users.History;
using ImageSaga.Users.Preferences;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImageSaga.Enrichment.Consumers;

/// <summary>
/// Joins an image's results with its owner's preferences and history into insights, records the image in that
/// history and answers the saga. Idempotent: the history row is keyed by the image, and the comparison leaves the
/// image itself out, so a redelivered command gives the same insights and counts nothing twice.
/// </summary>
public sealed class EnrichImageAnalysisConsumer(
    UserPreferencesStore preferences,
    UserImageHistory history,
    InsightBuilder insights,
    IGazetteer gazetteer,
    IOptions<EnrichmentOptions> options,
    TimeProvider clock) : IConsumer<EnrichImageAnalysis>
{
    public async Task Consume(ConsumeContext<EnrichImageAnalysis> context)
    {
        var command = context.Message;
        if (command.ImageId == Guid.Empty || string.IsNullOrWhiteSpace(command.UserId))
        {
            await context.Publish(new ImageEnrichmentFailed
            {
                ImageId = command.ImageId,
                ReasonCode = AnalysisFailureReasons.InvalidRequest,
                Message = "An enrichment command needs the image id and the user id.",
            });
            return;
        }

        var now = clock.GetUtcNow();
        var userPreferences = await preferences.GetAsync(command.UserId, context.CancellationToken);
        var earlier = await history.EarlierImagesAsync(command.UserId, command.ImageId, context.CancellationToken);
        var result = insights.Build(command, userPreferences, earlier, PlaceOf(command.Metadata?.Gps), now);

        await history.RecordAsync(insights.ToHistoryEntry(command, result, userPreferences, now), context.CancellationToken);
        await context.Publish(new ImageAnalysisEnriched { ImageId = command.ImageId, Insights = result });
    }

    PlaceInsight? PlaceOf(GpsPosition? gps)
    {
        if (gps is null)
            return null;
        var match = gazetteer.Nearest(gps.Latitude, gps.Longitude, options.Value.PlaceRadiusKm);
        return new PlaceInsight
        {
            Latitude = gps.Latitude,
            Longitude = gps.Longitude,
            Name = match?.Name,
            CountryCode = match?.CountryCode,
            DistanceKm = match is null ? null : Math.Round(match.DistanceKm, 1),
        };
    }
}
