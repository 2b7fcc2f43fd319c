namespace ImageSaga.Enrichment.Places;

/// <summary>A populated place found near a position.</summary>
/// <param name="Name">The place's name as the gazetteer spells it (GeoNames' name, e.g. "Paris 16 Passy").</param>
/// <param name="CountryCode">ISO 3166-1 alpha-2 country code, e.g. "FR".</param>
/// <param name="Latitude">The place's latitude in decimal degrees.</param>
/// <param name="Longitude">The place's longitude in decimal degrees.</param>
/// <param name="DistanceKm">Great-circle distance from the queried position, in kilometres.</param>
public sealed record PlaceMatch(string Name, string CountryCode, double Latitude, double Longitude, double DistanceKm);
