using System.Globalization;
using ImageSaga.ServiceDefaults;

namespace ImageSaga.Deployment.Tests.Infrastructure;

/// <summary>docker-compose.yml, read once, with its anchors and merge keys resolved as Compose resolves them.</summary>
static class Compose
{
    static readonly Lazy<YamlValue> Document = new(() => YamlValue.Load(FilePath));

    public static string FilePath => RepositoryRoot.Combine("docker-compose.yml");

    public static string Text => File.ReadAllText(FilePath);

    public static IReadOnlyDictionary<string, YamlValue> Services =>
        Document.Value["services"].Entries.ToDictionary(entry => entry.Key, entry => entry.Value);

    /// <summary>The services that run ImageSaga, by the service name they select (<c>--services</c> or <c>ImageSaga__Services</c>).</summary>
    public static IReadOnlyDictionary<string, YamlValue> ImageSagaServices =>
        Services.Where(entry => SelectedServices(entry.Value) is not null).ToDictionary(entry => entry.Key, entry => entry.Value);

    /// <summary>A service's environment, whether written as a mapping or as a list of <c>KEY=value</c>.</summary>
    public static IReadOnlyDictionary<string, string?> Environment(YamlValue service)
    {
        var environment = service["environment"];
        if (environment.IsMapping)
            return environment.Entries.ToDictionary(entry => entry.Key, entry => entry.Value.String);
        return environment.Items
            .Select(item => item.String!.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : null);
    }

    /// <summary>What <c>--services</c> in the command, or else <c>ImageSaga__Services</c>, selects; null for other images.</summary>
    public static string? SelectedServices(YamlValue service)
    {
        var command = service["command"];
        var arguments = command.String is { } line
            ? line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : [.. command.Items.Select(item => item.String!)];
        var index = Array.IndexOf(arguments, "--services");
        if (index >= 0 && index + 1 < arguments.Length)
            return arguments[index + 1];
        return Environment(service).GetValueOrDefault("ImageSaga__Services");
    }

    /// <summary>Host ports a service publishes (a fixed one stops <c>--scale</c>): "5080:8080", "127.0.0.1:5080:8080", or long syntax.</summary>
    public static IReadOnlyList<string> PublishedHostPorts(YamlValue service) =>
    [
        .. service["ports"].Items.Select(port => port.IsMapping
                ? port["published"].String
                : port.String!.Split(':') is { Length: > 1 } parts ? parts[^2] : null)
            .OfType<string>(),
    ];

    /// <summary>Container ports a service publishes, whatever the host side.</summary>
    public static IReadOnlyList<int> PublishedContainerPorts(YamlValue service) =>
    [
        .. service["ports"].Items.Select(port => port.IsMapping
                ? port["target"].String
                : port.String!.Split(':')[^1].Split('/')[0])
            .Select(port => int.Parse(port!, CultureInfo.InvariantCulture)),
    ];

    /// <summary>The compose service that runs exactly <paramref name="service"/> (e.g. "detection").</summary>
    public static YamlValue ServiceRunning(string service) =>
        ImageSagaServices.Values.Single(candidate => ServiceSelection.Parse(SelectedServices(candidate)).Names.SequenceEqual([service]));
}
