using System.Globalization;

namespace ImageSaga.Benchmarks;

/// <summary>
/// <c>[--images N] [--quick] [--in-flight W] [--only services,bare,saga] [--set Key=Value]… [--no-docs]</c>.
/// <c>--set</c> adds host configuration for the saga run (e.g. <c>ImageSaga:Vision:IntraOpThreads=2</c>), to measure a
/// setting before proposing it; a run with <c>--set</c> or <c>--only</c> does not rewrite docs/benchmarks.md.
/// </summary>
sealed class BenchmarkArguments
{
    public const string Scenarios = "services,bare,saga";

    public bool Quick { get; private init; }

    public int SagaImages { get; private init; }

    public int ServiceImages { get; private init; }

    public int BareImages { get; private init; }

    public int InFlight { get; private init; }

    public IReadOnlySet<string> Only { get; private init; } = new HashSet<string>();

    public IReadOnlyDictionary<string, string?> Settings { get; private init; } = new Dictionary<string, string?>();

    public bool WriteDocs { get; private init; }

    public IReadOnlyList<string> Raw { get; private init; } = [];

    public bool Runs(string scenario) => Only.Count == 0 || Only.Contains(scenario);

    public static BenchmarkArguments Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        int? images = null, inFlight = null, serviceImages = null, bareImages = null;
        var only = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var noDocs = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    break;
                case "--no-docs":
                    noDocs = true;
                    break;
                case "--images":
                    images = PositiveInt(args, ++i);
                    break;
                case "--in-flight":
                    inFlight = PositiveInt(args, ++i);
                    break;
                case "--service-images":
                    serviceImages = PositiveInt(args, ++i);
                    break;
                case "--bare-images":
                    bareImages = PositiveInt(args, ++i);
                    break;
                case "--only":
                    foreach (var scenario in Value(args, ++i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!Scenarios.Split(',').Contains(scenario, StringComparer.OrdinalIgnoreCase))
                            throw new ArgumentException($"Unknown scenario '{scenario}'; known: {Scenarios}.");
                        only.Add(scenario);
                    }

                    break;
                case "--set":
                    var pair = Value(args, ++i);
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                        throw new ArgumentException($"--set expects Key=Value, not '{pair}'.");
                    settings[pair[..equals]] = pair[(equals + 1)..];
                    break;
                default:
                    throw new ArgumentException(
                        $"Unknown argument '{args[i]}'. Usage: [--images N] [--quick] [--in-flight W] [--service-images N] [--bare-images N] "
                        + $"[--only {Scenarios}] [--set Key=Value]… [--no-docs]");
            }
        }

        return new BenchmarkArguments
        {
            Quick = quick,
            SagaImages = images ?? (quick ? 200 : 2000),
            ServiceImages = serviceImages ?? (quick ? 32 : 96),
            BareImages = bareImages ?? (quick ? 64 : 320),
            InFlight = inFlight ?? 4 * Environment.ProcessorCount,
            Only = only,
            Settings = settings,
            WriteDocs = !noDocs && only.Count == 0 && settings.Count == 0,
            Raw = args,
        };
    }

    static string Value(string[] args, int index) =>
        index < args.Length ? args[index] : throw new ArgumentException($"{args[index - 1]} needs a value.");

    static int PositiveInt(string[] args, int index) =>
        int.TryParse(Value(args, index), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{args[index - 1]} needs a positive whole number, not '{args[index]}'.");
}
