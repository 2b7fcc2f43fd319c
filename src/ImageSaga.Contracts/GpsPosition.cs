namespace ImageSaga.Contracts;

/// <summary>A WGS-84 position from EXIF GPS tags. South and West are negative.</summary>
public sealed record GpsPosition
{
    /// <summary>Latitude in signed decimal degrees.</summary>
    public double Latitude { get; init; }

    /// <summary>Longitude in signed decimal degrees.</summary>
    public double Longitude { get; init; }

    /// <summary>Altitude in metres; negative below sea level; null when absent.</summary>
    public double? AltitudeMeters { get; init; }
}
