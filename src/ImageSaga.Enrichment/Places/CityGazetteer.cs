using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace ImageSaga.Enrichment.Places;

/// <summary>
/// The GeoNames populated places of <c>models/gazetteer/cities.tsv.gz</c> (see the README there), held in memory and
/// indexed by a 1°×1° grid so that a lookup reads only the few cells its search radius touches.
/// </summary>
/// <remarks>
/// Immutable once loaded, so one instance serves every thread. Places are ranked by the chord between unit vectors,
/// which orders them exactly as the great-circle distance does without any trigonometry per candidate; the reported
/// distance is the haversine distance to the winner.
/// </remarks>
public sealed class CityGazetteer : IGazetteer
{
    /// <summary>Where the build puts the data file, relative to the application's base directory.</summary>
    public const string DefaultRelativePath = "models/gazetteer/cities.tsv.gz";

    /// <summary>The first line of a gazetteer file: tab-separated column names.</summary>
    public const string Header = "name\tcountry\tlatitude\tlongitude";

    private const int Rows = 180;
    private const int Columns = 360;

    // Parallel arrays ordered by grid cell: the hot loop reads only the 24-byte unit vectors.
    private readonly UnitVector[] _vectors;
    private readonly Place[] _places;

    // Cell c (row * Columns + column) holds the places [_cellStarts[c], _cellStarts[c + 1]).
    private readonly int[] _cellStarts;

    private CityGazetteer(List<Place> places)
    {
        _cellStarts = new int[(Rows * Columns) + 1];
        foreach (var place in places)
        {
            _cellStarts[CellOf(place.Latitude, place.Longitude) + 1]++;
        }

        for (var cell = 1; cell < _cellStarts.Length; cell++)
        {
            _cellStarts[cell] += _cellStarts[cell - 1];
        }

        // A counting sort keeps the file's order within a cell, so equal distances always resolve the same way.
        var next = _cellStarts[..^1];
        _vectors = new UnitVector[places.Count];
        _places = new Place[places.Count];
        foreach (var place in places)
        {
            var index = next[CellOf(place.Latitude, place.Longitude)]++;
            _places[index] = place;
            _vectors[index] = UnitVector.From(place.Latitude, place.Longitude);
        }
    }

    /// <summary>How many places were loaded.</summary>
    public int Count => _places.Length;

    /// <summary>
    /// Reads a gazetteer file: a header line (<see cref="Header"/>), then one place per line as
    /// <c>name, ISO country code, latitude, longitude</c> separated by tabs, UTF-8; gzip-compressed when the name ends
    /// in <c>.gz</c>.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a gazetteer file; the message names the file and line.</exception>
    public static CityGazetteer Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Gazetteer file '{fullPath}' does not exist.", fullPath);
        }

        using var file = File.OpenRead(fullPath);
        using var content = fullPath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionMode.Decompress)
            : (Stream)file;
        using var reader = new StreamReader(content, new UTF8Encoding(false, throwOnInvalidBytes: true));
        return new CityGazetteer(Parse(reader, fullPath));
    }

    /// <inheritdoc />
    public PlaceMatch? Nearest(double latitude, double longitude, double maxDistanceKm = 50)
    {
        if (double.IsNaN(maxDistanceKm) || maxDistanceKm < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDistanceKm), maxDistanceKm, "The search radius must be zero or more kilometres.");
        }

        if (!GreatCircle.IsValidPosition(latitude, longitude) || _places.Length == 0)
        {
            return null;
        }

        // The search area is a spherical cap of this angular radius around the position.
        var radius = Math.Min(maxDistanceKm / GreatCircle.EarthRadiusKm, Math.PI);
        var radiusDegrees = double.RadiansToDegrees(radius);
        var south = latitude - radiusDegrees;
        var north = latitude + radiusDegrees;
        var firstRow = RowOf(Math.Max(south, -90));
        var lastRow = RowOf(Math.Min(north, 90));

        // A cap that holds a pole spans every meridian; otherwise its longitudes reach asin(sin r / cos φ) either
        // side (and r < 90° - |φ| there, so the ratio stays below 1).
        int firstColumn, columnCount;
        var halfWidthRatio = Math.Sin(radius) / Math.Cos(double.DegreesToRadians(latitude));
        if (south <= -90 || north >= 90 || !(halfWidthRatio < 1))
        {
            (firstColumn, columnCount) = (0, Columns);
        }
        else
        {
            var halfWidthDegrees = double.RadiansToDegrees(Math.Asin(halfWidthRatio));
            firstColumn = (int)Math.Floor(longitude - halfWidthDegrees + 180);
            columnCount = Math.Min(Columns, (int)Math.Floor(longitude + halfWidthDegrees + 180) - firstColumn + 1);
        }

        var query = UnitVector.From(latitude, longitude);
        var best = -1;
        var bestChordSquared = double.PositiveInfinity;
        for (var row = firstRow; row <= lastRow; row++)
        {
            for (var offset = 0; offset < columnCount; offset++)
            {
                // Columns wrap at the antimeridian: -181° is column 359.
                var cell = (row * Columns) + (((firstColumn + offset) % Columns) + Columns) % Columns;
                for (var index = _cellStarts[cell]; index < _cellStarts[cell + 1]; index++)
                {
                    var chordSquared = _vectors[index].ChordSquaredTo(query);
                    if (chordSquared < bestChordSquared)
                    {
                        (best, bestChordSquared) = (index, chordSquared);
                    }
                }
            }
        }

        if (best < 0)
        {
            return null;
        }

        var place = _places[best];
        var distanceKm = GreatCircle.DistanceKm(latitude, longitude, place.Latitude, place.Longitude);
        return distanceKm <= maxDistanceKm
            ? new PlaceMatch(place.Name, place.CountryCode, place.Latitude, place.Longitude, distanceKm)
            : null;
    }

    private static List<Place> Parse(StreamReader reader, string path)
    {
        var header = ReadLine(reader, path, 1);
        if (header != Header)
        {
            throw new InvalidDataException(
                $"Gazetteer file '{path}' does not start with the header \"{Escape(Header)}\" but with \"{Escape(header ?? "")}\".");
        }

        // Names repeat (there are dozens of "San Francisco"s) and country codes repeat a lot: keep one string of each.
        var pool = new HashSet<string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        var places = new List<Place>(capacity: 180_000);
        Span<Range> fields = stackalloc Range[5];
        var lineNumber = 1;
        while (ReadLine(reader, path, ++lineNumber) is { } line)
        {
            var text = line.AsSpan();
            var fieldCount = text.Split(fields, '\t');
            if (fieldCount != 4)
            {
                throw Malformed(path, lineNumber, line, "expected 4 tab-separated fields (name, country, latitude, longitude)");
            }

            var name = text[fields[0]];
            var country = text[fields[1]];
            if (name.IsWhiteSpace())
            {
                throw Malformed(path, lineNumber, line, "the name is empty");
            }

            if (country.Length != 2 || !char.IsAsciiLetterUpper(country[0]) || !char.IsAsciiLetterUpper(country[1]))
            {
                throw Malformed(path, lineNumber, line, "the country is not a two-letter ISO 3166-1 code");
            }

            if (!TryParseDegrees(text[fields[2]], 90, out var latitude))
            {
                throw Malformed(path, lineNumber, line, "the latitude is not a number of degrees in [-90, 90]");
            }

            if (!TryParseDegrees(text[fields[3]], 180, out var longitude))
            {
                throw Malformed(path, lineNumber, line, "the longitude is not a number of degrees in [-180, 180]");
            }

            places.Add(new Place(Intern(pool, name), Intern(pool, country), latitude, longitude));
        }

        return places.Count > 0
            ? places
            : throw new InvalidDataException($"Gazetteer file '{path}' has a header but no places.");
    }

    private static string? ReadLine(StreamReader reader, string path, int lineNumber)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (Exception exception) when (exception is InvalidDataException or DecoderFallbackException)
        {
            // A damaged gzip stream or bytes that are not UTF-8.
            throw new InvalidDataException(
                $"Gazetteer file '{path}' could not be read at line {lineNumber}: {exception.Message}", exception);
        }
    }

    private static bool TryParseDegrees(ReadOnlySpan<char> text, double limit, out double degrees) =>
        double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out degrees)
        && degrees >= -limit && degrees <= limit;

    private static string Intern(HashSet<string>.AlternateLookup<ReadOnlySpan<char>> pool, ReadOnlySpan<char> value)
    {
        if (!pool.TryGetValue(value, out var pooled))
        {
            pooled = value.ToString();
            pool.Set.Add(pooled);
        }

        return pooled;
    }

    private static InvalidDataException Malformed(string path, int lineNumber, string line, string reason) =>
        new($"Gazetteer file '{path}', line {lineNumber}: {reason}; found \"{Escape(line)}\".");

    private static string Escape(string text) =>
        (text.Length > 120 ? text[..120] + "…" : text).Replace("\t", "\\t", StringComparison.Ordinal);

    private static int RowOf(double latitude) => Math.Clamp((int)Math.Floor(latitude + 90), 0, Rows - 1);

    private static int CellOf(double latitude, double longitude) =>
        (RowOf(latitude) * Columns) + ((int)Math.Floor(longitude + 180) % Columns);

    private readonly record struct Place(string Name, string CountryCode, double Latitude, double Longitude);

    /// <summary>A point on the unit sphere; the squared chord between two of them grows with their great-circle distance.</summary>
    private readonly record struct UnitVector(double X, double Y, double Z)
    {
        public static UnitVector From(double latitude, double longitude)
        {
            var (sinPhi, cosPhi) = Math.SinCos(double.DegreesToRadians(latitude));
            var (sinLambda, cosLambda) = Math.SinCos(double.DegreesToRadians(longitude));
            return new UnitVector(cosPhi * cosLambda, cosPhi * sinLambda, sinPhi);
        }

        public double ChordSquaredTo(UnitVector other)
        {
            var (dx, dy, dz) = (X - other.X, Y - other.Y, Z - other.Z);
            return (dx * dx) + (dy * dy) + (dz * dz);
        }
    }
}
