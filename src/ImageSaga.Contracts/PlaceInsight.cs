namespace ImageSaga.Contracts;

/// <summary>Where a photo was taken: its GPS position and, when the offline gazetteer knows it, the nearest place.</summary>
public sealed record PlaceInsight
{
    /// <summary>Latitude in signed decimal degrees.</summary>
    public double Latitude { get; init; }

    /// <summary>Longitude in signed decimal degrees.</summary>
    public double Longitude { get; init; }

    /// <summary>The nearest populated place, e.g. <c>Paris</c>; null when none is near or no gazetteer is installed.</summary>
    public string? Name { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country code of that place.</summary>
    public string? CountryCode { get; init; }

    /// <summary>Distance from the position to that place, in kilometres.</summary>
    public double? DistanceKm { get; init; }
}
