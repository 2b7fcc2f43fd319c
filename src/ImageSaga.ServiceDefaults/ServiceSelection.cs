namespace ImageSaga.ServiceDefaults;

/// <summary>
/// Which services this process runs. The same executable hosts any subset, so each service can be its own process
/// (and be scaled on its own) while the embedded default runs them all together.
/// </summary>
public sealed class ServiceSelection
{
    public const string Orchestrator = "orchestrator";
    public const string Metadata = "metadata";
    public const string Api = "api";
    public const string Detection = "detection";
    public const string Classification = "classification";
    public const string Faces = "faces";
    public const string Moderation = "moderation";
    public const string Enrichment = "enrichment";
    public const string Notifications = "notifications";

    public static readonly IReadOnlyList<string> Known =
        [Orchestrator, Metadata, Detection, Classification, Faces, Moderation, Enrichment, Notifications, Api];

    public static readonly IReadOnlyList<string> Vision = [Detection, Classification, Faces, Moderation];

    readonly HashSet<string> _names;

    ServiceSelection(HashSet<string> names) => _names = names;

    public IReadOnlyCollection<string> Names => _names;

    public bool Runs(string service) => _names.Contains(service);

    /// <summary>Parses <c>all</c> or a comma-separated list; unknown names are an error, never silently ignored.</summary>
    public static ServiceSelection Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
            return new ServiceSelection(new HashSet<string>(Known, StringComparer.OrdinalIgnoreCase));

        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => name.ToLowerInvariant())
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = names.Except(Known).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException(
                $"Unknown service(s) {string.Join(", ", unknown)} in the service selection; known: {string.Join(", ", Known)}, or 'all'.");
        return new ServiceSelection(names);
    }

    public override string ToString() => string.Join(",", _names.Order());
}
