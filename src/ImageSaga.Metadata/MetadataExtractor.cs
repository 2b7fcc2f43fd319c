using System.Globalization;
using ImageSaga.Contracts;
using ImageSaga.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;

namespace ImageSaga.Metadata;

/// <summary>
/// Reads format, dimensions, orientation, camera and GPS fields from the header alone. EXIF is written by every
/// kind of device and editor, so each field is validated on its own: a bad value drops that field, never the result.
/// </summary>
public sealed class MetadataExtractor(ImageLimits limits)
{
    private const string ExifDateFormat = "yyyy:MM:dd HH:mm:ss";
    private const string IsoDateFormat = "yyyy-MM-ddTHH:mm:ss";

    /// <summary>Extracts metadata with <see cref="ImageLimits.Default"/>.</summary>
    public MetadataExtractor()
        : this(ImageLimits.Default)
    {
    }

    /// <summary>Reads the metadata of an encoded image without decoding its pixels.</summary>
    /// <exception cref="ImageRejectedException">The bytes break a limit or are not a readable image.</exception>
    public ImageMetadata Extract(byte[] bytes)
    {
        var info = ImageInspector.Identify(bytes, limits, out var format);
        var exif = ReadExif(info.Metadata.ExifProfile);

        var orientation = ReadOrientation(exif);
        var swapsAxes = orientation >= 5;
        var dateTimeOriginal = ReadDateTime(exif.Get<string>(ExifTag.DateTimeOriginal));
        var offsetTimeOriginal = ReadOffset(exif.Get<string>(ExifTag.OffsetTimeOriginal));

        return new ImageMetadata
        {
            Format = format.Name.ToUpperInvariant(),
            MimeType = format.DefaultMimeType,
            Width = info.Width,
            Height = info.Height,
            Orientation = orientation,
            OrientedWidth = swapsAxes ? info.Height : info.Width,
            OrientedHeight = swapsAxes ? info.Width : info.Height,
            BitsPerPixel = info.PixelType?.BitsPerPixel ?? 0,
            Camera = ReadCamera(exif),
            DateTimeOriginal = dateTimeOriginal?.ToString(IsoDateFormat, CultureInfo.InvariantCulture),
            OffsetTimeOriginal = offsetTimeOriginal is { } offset ? FormatOffset(offset) : null,
            TakenAt = dateTimeOriginal is { } local && offsetTimeOriginal is { } o ? new DateTimeOffset(local, o) : null,
            Gps = ReadGps(exif),
        };
    }

    /// <summary>
    /// ImageSharp flattens IFD0, the EXIF IFD and the GPS IFD into one list keyed by tag number, so GPS tag 1
    /// (GPSLatitudeRef) is listed under the name InteroperabilityIndex. Indexing the raw values by number and
    /// type-testing every read (instead of ImageSharp's casting <c>GetValue</c>) makes a value of an unexpected type
    /// a missing field rather than an exception.
    /// </summary>
    private static ExifValues ReadExif(ExifProfile? profile)
    {
        var values = new Dictionary<ushort, object?>();
        if (profile is null)
        {
            return new ExifValues(values);
        }

        try
        {
            foreach (var value in profile.Values)
            {
                values.TryAdd((ushort)value.Tag, value.GetValue());
            }
        }
        catch (Exception ex) when (ex is ArgumentException or IndexOutOfRangeException or InvalidCastException
                                       or OverflowException or InvalidOperationException or EndOfStreamException)
        {
            // ImageSharp parses EXIF lazily, so a damaged profile only fails here; the image itself is still valid
            // and keeps whatever values were read before the damage.
        }

        return new ExifValues(values);
    }

    private static int ReadOrientation(ExifValues exif)
    {
        var orientation = exif.GetValue<ushort>(ExifTag.Orientation);
        return orientation is >= 1 and <= 8 ? orientation.Value : 1;
    }

    private static CameraSettings? ReadCamera(ExifValues exif)
    {
        var exposure = Positive(exif.GetValue<Rational>(ExifTag.ExposureTime));
        var camera = new CameraSettings
        {
            Make = Clean(exif.Get<string>(ExifTag.Make)),
            Model = Clean(exif.Get<string>(ExifTag.Model)),
            LensModel = Clean(exif.Get<string>(ExifTag.LensModel)),
            ExposureTimeSeconds = exposure,
            ExposureTime = exposure is { } s ? FormatExposure(s) : null,
            FNumber = Positive(exif.GetValue<Rational>(ExifTag.FNumber)),
            Iso = ReadIso(exif),
            FocalLengthMm = Positive(exif.GetValue<Rational>(ExifTag.FocalLength)),
        };

        return camera == new CameraSettings() ? null : camera;
    }

    private static int? ReadIso(ExifValues exif)
    {
        // Tag 0x8827 (ISOSpeedRatings, renamed PhotographicSensitivity in EXIF 2.3) saturates at 65535; the
        // 32-bit ISOSpeed tag carries the real value in that case.
        var ratings = exif.Get<ushort[]>(ExifTag.ISOSpeedRatings);
        if (ratings is [> 0 and < ushort.MaxValue and var iso, ..])
        {
            return iso;
        }

        var isoSpeed = exif.GetValue<uint>(ExifTag.ISOSpeed);
        if (isoSpeed is > 0 and <= int.MaxValue)
        {
            return (int)isoSpeed.Value;
        }

        return ratings is [ushort.MaxValue, ..] ? ushort.MaxValue : null;
    }

    private static GpsPosition? ReadGps(ExifValues exif)
    {
        var latitude = ReadCoordinate(exif.Get<Rational[]>(ExifTag.GPSLatitude), exif.Get<string>(ExifTag.GPSLatitudeRef), 'N', 'S', 90);
        var longitude = ReadCoordinate(exif.Get<Rational[]>(ExifTag.GPSLongitude), exif.Get<string>(ExifTag.GPSLongitudeRef), 'E', 'W', 180);
        if (latitude is null || longitude is null)
        {
            return null;
        }

        var altitude = ToDouble(exif.GetValue<Rational>(ExifTag.GPSAltitude));
        if (altitude is not null && exif.GetValue<byte>(ExifTag.GPSAltitudeRef) == 1)
        {
            altitude = -altitude;
        }

        return new GpsPosition { Latitude = latitude.Value, Longitude = longitude.Value, AltitudeMeters = altitude };
    }

    private static double? ReadCoordinate(Rational[]? dms, string? reference, char positive, char negative, double limit)
    {
        if (dms is not { Length: >= 1 and <= 3 })
        {
            return null;
        }

        var degrees = 0d;
        var unit = 1d;
        foreach (var part in dms)
        {
            if (ToDouble(part) is not { } value)
            {
                return null;
            }

            degrees += value / unit;
            unit *= 60;
        }

        var sign = Clean(reference)?.ToUpperInvariant() switch
        {
            null => 1, // the reference is mandatory, but writers that omit it mean the positive hemisphere
            var r when r[0] == positive => 1,
            var r when r[0] == negative => -1,
            _ => 0,
        };

        return sign != 0 && degrees <= limit ? sign * degrees : null;
    }

    private static DateTime? ReadDateTime(string? exifDate)
    {
        // Cameras without a clock write "0000:00:00 00:00:00" or blanks, which this rejects like any other bad value.
        var text = Clean(exifDate);
        return text is not null
            && DateTime.TryParseExact(text, ExifDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : null;
    }

    private static TimeSpan? ReadOffset(string? exifOffset)
    {
        var text = Clean(exifOffset);
        if (text is not { Length: 6 } || text[0] is not ('+' or '-') || text[3] != ':'
            || !int.TryParse(text.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(text.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || minutes >= 60)
        {
            return null;
        }

        var offset = new TimeSpan(hours, minutes, 0) * (text[0] == '-' ? -1 : 1);

        // DateTimeOffset accepts at most ±14:00.
        return offset.Duration() <= TimeSpan.FromHours(14) ? offset : null;
    }

    private static string FormatOffset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    /// <summary>Follows exiftool: short exposures as 1/N, long ones as seconds with at most one decimal.</summary>
    private static string FormatExposure(double seconds) =>
        seconds <= 0.25001
            ? string.Create(CultureInfo.InvariantCulture, $"1/{Math.Round(1 / seconds):0}")
            : seconds.ToString("0.#", CultureInfo.InvariantCulture);

    private static double? Positive(Rational? rational) => ToDouble(rational) is > 0 and var value ? value : null;

    private static double? ToDouble(Rational? rational) =>
        rational is { Denominator: > 0 } r ? (double)r.Numerator / r.Denominator : null;

    private static string? Clean(string? text)
    {
        var trimmed = text?.TrimEnd('\0', ' ', '\t', '\r', '\n').TrimStart();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    private sealed class ExifValues(Dictionary<ushort, object?> values)
    {
        public T? Get<T>(ExifTag tag)
            where T : class =>
            values.TryGetValue((ushort)tag, out var value) ? value as T : null;

        public T? GetValue<T>(ExifTag tag)
            where T : struct =>
            values.TryGetValue((ushort)tag, out var value) && value is T typed ? typed : null;
    }
}
