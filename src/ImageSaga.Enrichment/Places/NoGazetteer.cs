namespace ImageSaga.Enrichment.Places;

/// <summary>
/// The gazetteer to use when the place data is absent and the configuration allows running without it:
/// it never finds a place, so enrichment goes on without place names.
/// </summary>
public sealed class NoGazetteer : IGazetteer
{
    /// <summary>The one instance; the type holds no state.</summary>
    public static NoGazetteer Instance { get; } = new();

    private NoGazetteer()
    {
    }

    /// <inheritdoc />
    public PlaceMatch? Nearest(double latitude, double longitude, double maxDistanceKm = 50) => null;
}
