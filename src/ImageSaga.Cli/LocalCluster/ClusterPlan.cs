using ImageSaga.ServiceDefaults;

namespace ImageSaga.Cli.LocalCluster;

/// <summary>How many instances of each service a local cluster runs: one each, unless <c>--scale service=N</c> says otherwise.</summary>
public sealed class ClusterPlan
{
    public const int MaxInstances = 16;

    ClusterPlan(IReadOnlyList<(string Service, int Instances)> services) => Services = services;

    /// <summary>In start order: the orchestrator first (it migrates the database), the API last (it is what users wait for).</summary>
    public IReadOnlyList<(string Service, int Instances)> Services { get; }

    /// <exception cref="ArgumentException">An unknown service, or a count that is not 0 to <see cref="MaxInstances"/>.</exception>
    public static ClusterPlan Parse(IEnumerable<string> scales)
    {
        var counts = ServiceSelection.Known.ToDictionary(service => service, _ => 1, StringComparer.OrdinalIgnoreCase);
        foreach (var scale in scales)
        {
            var parts = scale.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !counts.ContainsKey(parts[0]) || !int.TryParse(parts[1], out var instances) || instances is < 0 or > MaxInstances)
            {
                throw new ArgumentException(
                    $"--scale takes service=N with N from 0 to {MaxInstances} and a service among {string.Join(", ", ServiceSelection.Known)}; '{scale}' is not that.");
            }

            counts[parts[0]] = instances;
        }

        if (counts[ServiceSelection.Orchestrator] == 0 || counts[ServiceSelection.Api] == 0)
            throw new ArgumentException("A local cluster needs at least one orchestrator and one api.");
        var ordered = ServiceSelection.Known.Where(service => service != ServiceSelection.Api).Append(ServiceSelection.Api);
        return new ClusterPlan(ordered.Where(service => counts[service] > 0).Select(service => (service, counts[service])).ToList());
    }
}
