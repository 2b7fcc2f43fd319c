namespace ImageSaga.Enrichment.Places;

/// <summary>Answers "which populated place is this?" for a GPS position, offline.</summary>
public interface IGazetteer
{
    /// <summary>
    /// The populated place nearest to a position by great-circle distance, or <see langword="null"/> when none lies
    /// within <paramref name="maxDistanceKm"/> or the position is not a valid WGS 84 latitude/longitude
    /// (NaN, infinite, latitude outside [-90, 90], longitude outside [-180, 180]).
    /// </summary>
    /// <param name="latitude">Decimal degrees, north positive.</param>
    /// <param name="longitude">Decimal degrees, east positive.</param>
    /// <param name="maxDistanceKm">How far away a place may be and still count; zero or more.</param>
    PlaceMatch? Nearest(double latitude, double longitude, double maxDistanceKm = 50);
}
