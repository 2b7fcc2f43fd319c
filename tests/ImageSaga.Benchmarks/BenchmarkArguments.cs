using System.Globalization;

namespace ImageSaga.Benchmarks;

/// <summary>
/// <c>[--images N] [--quick] [--in-flight W] [--pairs N] [--pair-images N] [--sagas N] [--saga-in-flight W] [--rounds R] [--setups KEY,…] [--rabbitmq URI] [--postgres CS]
/// [--only orchestration,services,bare,saga] [--set Key=Value]… [--no-docs]</c>.
/// <c>--set</c> adds host configuration for the saga run (e.g. <c>ImageSaga:Vision:IntraOpThreads=2</c>), to measure a
/// setting before proposing it; a run with <c>--set</c> or <c>--only</c> does not rewrite docs/benchmarks.md.
/// </summary>
sealed class BenchmarkArguments
{
    public const string Scenarios = "orchestration,services,bare,saga,broker,processes";

    public bool Quick { get; private init; }

    public int SagaImages { get; private init; }

    public int ServiceImages { get; private init; }

    public int BareImages { get; private init; }

    public int InFlight { get; private init; }

    /// <summary>Images through the saga on RabbitMQ + PostgreSQL (<c>--broker-images</c>).</summary>
    public int BrokerImages { get; private init; }

    /// <summary>Sequential uploads of the 640x480 photo for idle latency (<c>--idle-uploads</c>).</summary>
    public int IdleUploads { get; private init; }

    /// <summary>
    /// Pairs of blocks in which the embedded saga and the bare loop take turns after the saga's load run (<c>--pairs</c>;
    /// 0 turns it off); their median ratio is the one held against issue 4's target. Needs both <c>saga</c> and <c>bare</c>.
    /// </summary>
    public int AlternatingPairs { get; private init; }

    /// <summary>Images in each block of <see cref="AlternatingPairs"/> (<c>--pair-images</c>).</summary>
    public int AlternatingImages { get; private init; }

    /// <summary>Uploads of the long run with one process per service, for memory (<c>--process-images</c>).</summary>
    public int ProcessImages { get; private init; }

    /// <summary>Uploads per run of the detection scaling comparison (<c>--scaling-images</c>).</summary>
    public int ScalingImages { get; private init; }

    /// <summary>Sagas per setup in the orchestration scenario (<c>--sagas</c>).</summary>
    public int OrchestrationSagas { get; private init; }

    /// <summary>Rounds the orchestration setups take turns in (<c>--rounds</c>); each round runs a share of the sagas.</summary>
    public int OrchestrationRounds { get; private init; }

    /// <summary>Sagas in progress at once in the orchestration scenario (<c>--saga-in-flight</c>).</summary>
    public int OrchestrationInFlight { get; private init; }

    /// <summary>Orchestration setups to run (<c>--setups</c>, keys of <see cref="Orchestration.OrchestrationSetup"/>); empty: the four of the issue.</summary>
    public IReadOnlyList<string> Setups { get; private init; } = [];

    public string? RabbitMq { get; private init; }

    public string? Postgres { get; private init; }

    public IReadOnlySet<string> Only { get; private init; } = new HashSet<string>();

    public IReadOnlyDictionary<string, string?> Settings { get; private init; } = new Dictionary<string, string?>();

    public bool WriteDocs { get; private init; }

    public IReadOnlyList<string> Raw { get; private init; } = [];

    public bool Runs(string scenario) => Only.Count == 0 || Only.Contains(scenario);

    public static BenchmarkArguments Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        int? images = null, inFlight = null, serviceImages = null, bareImages = null, sagas = null, sagaInFlight = null, rounds = null, brokerImages = null, idleUploads = null, processImages = null, scalingImages = null, pairs = null, pairImages = null;
        string? rabbitMq = null, postgres = null;
        var setups = new List<string>();
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
                case "--process-images":
                    processImages = PositiveInt(args, ++i);
                    break;
                case "--scaling-images":
                    scalingImages = PositiveInt(args, ++i);
                    break;
                case "--broker-images":
                    brokerImages = PositiveInt(args, ++i);
                    break;
                case "--idle-uploads":
                    idleUploads = PositiveInt(args, ++i);
                    break;
                case "--pairs":
                    pairs = NonNegativeInt(args, ++i);
                    break;
                case "--pair-images":
                    pairImages = PositiveInt(args, ++i);
                    break;
                case "--sagas":
                    sagas = PositiveInt(args, ++i);
                    break;
                case "--rounds":
                    rounds = PositiveInt(args, ++i);
                    break;
                case "--saga-in-flight":
                    sagaInFlight = PositiveInt(args, ++i);
                    break;
                case "--setups":
                    setups.AddRange(Value(args, ++i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--rabbitmq":
                    rabbitMq = Value(args, ++i);
                    break;
                case "--postgres":
                    postgres = Value(args, ++i);
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
                        + "[--broker-images N] [--idle-uploads N] [--process-images N] [--scaling-images N] [--pairs N] [--pair-images N] [--sagas N] [--saga-in-flight W] [--rounds R] [--setups KEY,…] [--rabbitmq AMQP-URI] [--postgres CONNECTION-STRING] "
                        + $"[--only {Scenarios}] [--set Key=Value]… [--no-docs]");
            }
        }

        return new BenchmarkArguments
        {
            Quick = quick,
            SagaImages = images ?? (quick ? 200 : 2000),
            ServiceImages = serviceImages ?? (quick ? 32 : 96),
            BareImages = bareImages ?? (quick ? 64 : 640),
            InFlight = inFlight ?? 4 * Environment.ProcessorCount,
            ProcessImages = processImages ?? (quick ? 400 : 5000),
            ScalingImages = scalingImages ?? (quick ? 100 : 300),
            BrokerImages = brokerImages ?? (quick ? 100 : 500),
            IdleUploads = idleUploads ?? (quick ? 30 : 100),
            AlternatingPairs = pairs ?? (quick ? 3 : 9),
            AlternatingImages = pairImages ?? (quick ? 48 : 96),
            OrchestrationSagas = sagas ?? (quick ? 500 : 2000),
            OrchestrationInFlight = sagaInFlight ?? 32,
            OrchestrationRounds = rounds ?? (quick ? 1 : 2),
            Setups = setups,
            RabbitMq = rabbitMq,
            Postgres = postgres,
            Only = only,
            Settings = settings,
            WriteDocs = !noDocs && only.Count == 0 && settings.Count == 0 && setups.Count == 0,
            Raw = args,
        };
    }

    static string Value(string[] args, int index) =>
        index < args.Length ? args[index] : throw new ArgumentException($"{args[index - 1]} needs a value.");

    static int NonNegativeInt(string[] args, int index) =>
        int.TryParse(Value(args, index), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{args[index - 1]} needs a whole number, not '{args[index]}'.");

    static int PositiveInt(string[] args, int index) =>
        int.TryParse(Value(args, index), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{args[index - 1]} needs a positive whole number, not '{args[index]}'.");
}
