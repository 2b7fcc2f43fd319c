using System.Globalization;
using System.Text.RegularExpressions;

namespace ImageSaga.IntegrationTests.Infrastructure;

/// <summary>A <c>/metrics</c> page in Prometheus' text format, parsed into series, to query by name and labels.</summary>
public sealed partial class PrometheusScrape
{
    readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _series = [];

    PrometheusScrape(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n'))
        {
            var match = Sample().Match(line.Trim());
            if (!match.Success)
                continue;
            var labels = Label().Matches(match.Groups["labels"].Value).ToDictionary(label => label.Groups["key"].Value, label => label.Groups["value"].Value);
            _series.Add((match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
    }

    public string Text { get; }

    public static async Task<PrometheusScrape> ReadAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        return new PrometheusScrape(await response.Content.ReadAsStringAsync());
    }

    public bool Has(string name) => _series.Any(series => series.Name == name);

    /// <summary>The sum of every series of <paramref name="name"/> whose labels include all of <paramref name="labels"/>; null when none does.</summary>
    public double? Sum(string name, params (string Key, string Value)[] labels)
    {
        var matching = _series.Where(series => series.Name == name && labels.All(label => series.Labels.GetValueOrDefault(label.Key) == label.Value)).ToList();
        return matching.Count == 0 ? null : matching.Sum(series => series.Value);
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>[-+0-9.eE]+|NaN|\+Inf|-Inf)(\s+\d+)?$")]
    private static partial Regex Sample();

    [GeneratedRegex("(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<value>(?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Label();
}
