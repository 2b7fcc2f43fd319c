using System.Globalization;
using System.IO.Compression;
using ImageSaga.Enrichment.Places;

namespace ImageSaga.Enrichment.Tests.Places;

/// <summary>One line of the gazetteer file, read without the gazetteer's code.</summary>
internal readonly record struct GazetteerRow(string Name, string CountryCode, double Latitude, double Longitude);

/// <summary>The committed gazetteer file (models/gazetteer/cities.tsv.gz), loaded once for all the tests that read it.</summary>
internal static class GazetteerData
{
    private static readonly Lazy<string> LocatedPath = new(Locate);
    private static readonly Lazy<CityGazetteer> Loaded = new(() => CityGazetteer.Load(LocatedPath.Value));
    private static readonly Lazy<IReadOnlyList<GazetteerRow>> Rows = new(ReadRows);

    public static CityGazetteer Gazetteer => Loaded.Value;

    /// <summary>The file's rows read without the gazetteer's code, for brute-force comparisons.</summary>
    public static IReadOnlyList<GazetteerRow> AllRows => Rows.Value;

    private static GazetteerRow[] ReadRows()
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(LocatedPath.Value), CompressionMode.Decompress));
        reader.ReadLine();
        var rows = new List<GazetteerRow>();
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split('\t');
            rows.Add(new GazetteerRow(fields[0], fields[1], double.Parse(fields[2], CultureInfo.InvariantCulture), double.Parse(fields[3], CultureInfo.InvariantCulture)));
        }

        return [.. rows];
    }

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ImageSaga.sln")))
            {
                return Path.Combine(directory.FullName, "models", "gazetteer", "cities.tsv.gz");
            }
        }

        throw new DirectoryNotFoundException($"No ImageSaga.sln above '{AppContext.BaseDirectory}'.");
    }
}
