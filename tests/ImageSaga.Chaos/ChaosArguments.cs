using System.Globalization;
using ImageSaga.IntegrationTests.Faults;

/// <summary>The chaos command's options: <c>--uploads N</c> (per scenario) and <c>--scenario name[,name]</c>.</summary>
sealed record ChaosArguments(int Uploads, IReadOnlyList<string> Scenarios)
{
    public const int DefaultUploads = 300;

    public static string Usage =>
        $"usage: ImageSaga.Chaos [--uploads N (default {DefaultUploads})] [--scenario name[,name…] (default all)]\n"
        + $"scenarios: {string.Join(", ", FaultScenarios.All.Keys)}\n"
        + $"real server restarts, only when named (they stop the local servers for everything on the machine): "
        + string.Join(", ", FaultScenarios.RealRestarts.Keys);

    /// <summary>The options, or null when they are not understood.</summary>
    public static ChaosArguments? Parse(IReadOnlyList<string> args)
    {
        var uploads = DefaultUploads;
        IReadOnlyList<string> scenarios = FaultScenarios.All.Keys.ToList();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--uploads" when i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0:
                    uploads = count;
                    i++;
                    break;
                case "--scenario" when i + 1 < args.Count:
                    scenarios = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (scenarios.Any(name => !FaultScenarios.All.ContainsKey(name) && !FaultScenarios.RealRestarts.ContainsKey(name)))
                        return null;
                    break;
                default:
                    return null;
            }
        }

        return new ChaosArguments(uploads, scenarios);
    }
}
