using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace ImageSaga.Deployment.Tests.Infrastructure;

/// <summary>
/// A YAML value as YamlDotNet reads it without a target type: a mapping, a sequence or a scalar string. Missing keys
/// read as an absent value rather than throwing, so assertions can say what is missing.
/// </summary>
sealed class YamlValue(object? raw)
{
    public static readonly YamlValue Absent = new(null);

    public object? Raw { get; } = raw;

    public bool Exists => Raw is not null;

    public bool IsMapping => Raw is IDictionary<object, object?>;

    public YamlValue this[string key] =>
        Raw is IDictionary<object, object?> map && map.TryGetValue(key, out var value) ? new YamlValue(value) : Absent;

    /// <summary>Follows a path of keys; <c>At("spec", "template", "spec")</c>.</summary>
    public YamlValue At(params string[] path) => path.Aggregate(this, (value, key) => value[key]);

    /// <summary>The scalar's text, or null for a mapping, a sequence or an absent value.</summary>
    public string? String => Raw as string;

    public int? Int => int.TryParse(String, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public IReadOnlyList<YamlValue> Items => Raw is IList<object?> list ? [.. list.Select(item => new YamlValue(item))] : [];

    public IReadOnlyList<KeyValuePair<string, YamlValue>> Entries => Raw is IDictionary<object, object?> map
        ? [.. map.Select(entry => new KeyValuePair<string, YamlValue>(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!, new YamlValue(entry.Value)))]
        : [];

    public override string ToString() => String ?? (Raw is null ? "(absent)" : Raw.GetType().Name);

    /// <summary>
    /// Every document of a YAML file (Kubernetes manifests hold several, separated by <c>---</c>), with anchors,
    /// aliases and merge keys (<c>&lt;&lt;: *anchor</c>, as docker-compose.yml uses) resolved. Empty documents are skipped.
    /// </summary>
    public static IReadOnlyList<YamlValue> LoadAll(string path)
    {
        using var reader = File.OpenText(path);
        var parser = new MergingParser(new Parser(reader));
        var deserializer = new DeserializerBuilder().Build();
        var documents = new List<YamlValue>();
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var document = deserializer.Deserialize<object?>(parser);
            if (document is not null)
                documents.Add(new YamlValue(document));
        }
        return documents;
    }

    public static YamlValue Load(string path) => LoadAll(path) switch
    {
        [var single] => single,
        var documents => throw new InvalidOperationException($"{path} holds {documents.Count} YAML documents, not one."),
    };
}
