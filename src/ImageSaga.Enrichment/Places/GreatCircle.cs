namespace ImageSaga.Enrichment.Places;

/// <summary>Distances on a spherical Earth, which is within 0.5 % of the ellipsoid: plenty for naming a place.</summary>
internal static class GreatCircle
{
    /// <summary>The IUGG mean Earth radius.</summary>
    public const double EarthRadiusKm = 6371.0088;

    public static bool IsValidPosition(double latitude, double longitude) =>
        latitude is >= -90 and <= 90 && longitude is >= -180 and <= 180;

    /// <summary>Haversine distance; well conditioned for the short distances a gazetteer cares about.</summary>
    public static double DistanceKm(double latitude1, double longitude1, double latitude2, double longitude2)
    {
        var phi1 = double.DegreesToRadians(latitude1);
        var phi2 = double.DegreesToRadians(latitude2);
        var sinHalfDeltaPhi = Math.Sin((phi2 - phi1) / 2);
        var sinHalfDeltaLambda = Math.Sin(double.DegreesToRadians(longitude2 - longitude1) / 2);
        var haversine = (sinHalfDeltaPhi * sinHalfDeltaPhi)
            + (Math.Cos(phi1) * Math.Cos(phi2) * sinHalfDeltaLambda * sinHalfDeltaLambda);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(haversine)));
    }
}
