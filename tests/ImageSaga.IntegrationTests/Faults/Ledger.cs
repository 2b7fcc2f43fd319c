using System.Text;
using ImageSaga.IntegrationTests.Infrastructure;

namespace ImageSaga.IntegrationTests.Faults;

/// <summary>
/// What became of every upload of a fault scenario, after recovery: its saga's state as the API reports it, the
/// outcome events the broker delivered for it, and what is left on the deployment's <c>_error</c> queues. The
/// "nothing lost" rule is <see cref="ShouldHaveLostNothing"/>; the counts are what the chaos command prints.
/// </summary>
public sealed class Ledger
{
    /// <summary>The saga states after which nothing more happens to an upload.</summary>
    public static readonly IReadOnlySet<string> FinalStates = new HashSet<string> { "Completed", "Failed", "Cancelled", "Rejected" };

    public Ledger(string scenario, IReadOnlyList<Guid> accepted, IReadOnlyDictionary<Guid, SagaOutcome?> sagas,
        IReadOnlyCollection<OutcomeDelivery> deliveries, IReadOnlyDictionary<string, int> errorQueues, TimeSpan took)
    {
        Scenario = scenario;
        Accepted = accepted;
        Sagas = sagas;
        Deliveries = deliveries;
        ErrorQueues = errorQueues;
        Took = took;
    }

    public string Scenario { get; }

    /// <summary>Every upload the deployment accepted (HTTP 202 or a claim check published to <c>image-uploads</c>).</summary>
    public IReadOnlyList<Guid> Accepted { get; }

    /// <summary>Each accepted upload's saga as <c>GET /api/images/{id}</c> shows it; null when there is no saga.</summary>
    public IReadOnlyDictionary<Guid, SagaOutcome?> Sagas { get; }

    /// <summary>Every delivery of <c>ImageAnalysisCompleted</c> / <c>ImageAnalysisFailed</c> to a queue of the test's own.</summary>
    public IReadOnlyCollection<OutcomeDelivery> Deliveries { get; }

    /// <summary>Messages on each <c>…_error</c> queue of the deployment's virtual host.</summary>
    public IReadOnlyDictionary<string, int> ErrorQueues { get; }

    public TimeSpan Took { get; }

    /// <summary>Uploads the scenario broke on purpose (a poison or hanging input); the rest were ordinary photos.</summary>
    public IReadOnlyList<Guid> Broken { get; init; } = [];

    /// <summary>The image ids of the commands on chosen <c>_error</c> queues, by queue.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Guid>> DeadLettered { get; init; } = new Dictionary<string, IReadOnlyList<Guid>>();

    /// <summary>503 answers (the database unavailable) or refused connections, retried while the ledger was read after recovery.</summary>
    public int ApiErrorsWhileReading { get; init; }

    /// <summary>The tail of each process's log, for failure messages.</summary>
    public string Logs { get; init; } = "";

    public int Completed => CountState("Completed");

    public int Failed => CountState("Failed");

    public int Cancelled => CountState("Cancelled") + CountState("Rejected");

    /// <summary>Uploads whose saga is missing or not in a final state.</summary>
    public IReadOnlyList<Guid> Stuck => Accepted.Where(id => Sagas.GetValueOrDefault(id) is not { } saga || !FinalStates.Contains(saga.State)).ToList();

    /// <summary>Failed sagas by <c>step/reason-code</c>.</summary>
    public IReadOnlyDictionary<string, int> FailureReasons => Sagas.Values
        .Where(saga => saga?.State == "Failed")
        .GroupBy(saga => $"{saga!.FailedStep}/{saga.ReasonCode}")
        .ToDictionary(group => group.Key, group => group.Count());

    /// <summary>
    /// Images with more than one distinct outcome event (by message id) or with both a completion and a failure. A
    /// redelivery of the same event (same message id, e.g. republished after a crash before its confirmation) is
    /// at-least-once delivery that consumers deduplicate, and is counted in <see cref="RedeliveredOutcomes"/> instead.
    /// </summary>
    public IReadOnlyList<Guid> DuplicateOutcomes => Deliveries.GroupBy(delivery => delivery.ImageId)
        .Where(image => image.Select(delivery => delivery.MessageId).Distinct().Count() > 1 || image.Select(delivery => delivery.Completed).Distinct().Count() > 1)
        .Select(image => image.Key)
        .ToList();

    /// <summary>Deliveries beyond the first of an outcome event with the same message id.</summary>
    public int RedeliveredOutcomes => Deliveries.Count - Deliveries.Select(delivery => (delivery.ImageId, delivery.MessageId)).Distinct().Count();

    /// <summary>Sagas that completed or failed without an outcome event reaching the broker.</summary>
    public IReadOnlyList<Guid> MissingOutcomes
    {
        get
        {
            var reported = Deliveries.Select(delivery => delivery.ImageId).ToHashSet();
            return Accepted.Where(id => Sagas.GetValueOrDefault(id)?.State is "Completed" or "Failed" && !reported.Contains(id)).ToList();
        }
    }

    /// <summary>Outcome events whose kind contradicts the saga's final state (a completion for a failed saga, or the reverse).</summary>
    public IReadOnlyList<Guid> ContradictingOutcomes => Deliveries
        .Where(delivery => Sagas.GetValueOrDefault(delivery.ImageId)?.State is { } state
            && (state == "Completed") != delivery.Completed && state is "Completed" or "Failed")
        .Select(delivery => delivery.ImageId)
        .Distinct()
        .ToList();

    /// <summary>Outcome events for images nobody uploaded in this scenario.</summary>
    public IReadOnlyList<Guid> StrangerOutcomes
    {
        get
        {
            var accepted = Accepted.ToHashSet();
            return Deliveries.Select(delivery => delivery.ImageId).Where(id => !accepted.Contains(id)).Distinct().ToList();
        }
    }

    public int OnErrorQueues => ErrorQueues.Values.Sum();

    /// <summary>
    /// Every accepted upload reached exactly one final state, and every completed or failed one produced exactly one
    /// outcome event of the matching kind; nothing is stuck, missing or duplicated.
    /// </summary>
    public void ShouldHaveLostNothing(string? context = null)
    {
        var report = $"{this}\n{context}";
        Accepted.Count.ShouldBeGreaterThan(0, report);
        Accepted.Distinct().Count().ShouldBe(Accepted.Count, $"an image id was accepted twice\n{report}");
        Stuck.ShouldBeEmpty($"uploads not in a final state\n{report}");
        MissingOutcomes.ShouldBeEmpty($"finished without an outcome event\n{report}");
        DuplicateOutcomes.ShouldBeEmpty($"more than one outcome per image\n{report}");
        ContradictingOutcomes.ShouldBeEmpty($"outcome event contradicts the saga's state\n{report}");
        StrangerOutcomes.ShouldBeEmpty($"outcome events for images never uploaded\n{report}");
        (Completed + Failed + Cancelled).ShouldBe(Accepted.Count, report);
    }

    /// <summary>One line of the chaos command's table.</summary>
    public string ToRow() => FormattableString.Invariant(
        $"| {Scenario} | {Accepted.Count} | {Completed} | {Failed}{(Failed > 0 ? $" ({string.Join(", ", FailureReasons.Select(pair => $"{pair.Key}: {pair.Value}"))})" : "")} | {Cancelled} | {Stuck.Count} | {MissingOutcomes.Count} | {DuplicateOutcomes.Count} | {RedeliveredOutcomes} | {OnErrorQueues}{(OnErrorQueues > 0 ? $" ({string.Join(", ", ErrorQueues.Where(pair => pair.Value > 0).Select(pair => $"{pair.Key}: {pair.Value}"))})" : "")} | {Took.TotalSeconds:F0} s |");

    public const string TableHeader =
        "| scenario | accepted | completed | failed (step/reason: n) | cancelled | stuck | missing outcome | duplicate outcome | redelivered outcome | on error queues | took |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|";

    public override string ToString()
    {
        var text = new StringBuilder($"{Scenario}: ");
        text.Append(FormattableString.Invariant(
            $"accepted {Accepted.Count}, completed {Completed}, failed {Failed}, cancelled {Cancelled}, stuck {Stuck.Count}, "));
        text.Append(FormattableString.Invariant(
            $"missing outcome {MissingOutcomes.Count}, duplicate outcome {DuplicateOutcomes.Count}, redelivered {RedeliveredOutcomes}, on error queues {OnErrorQueues}, API errors retried {ApiErrorsWhileReading}"));
        foreach (var (reason, count) in FailureReasons)
        {
            var example = Sagas.Values.First(saga => saga?.State == "Failed" && $"{saga.FailedStep}/{saga.ReasonCode}" == reason);
            text.Append(FormattableString.Invariant($"\n  failed {reason}: {count}, e.g. \"{example!.FailureMessage}\""));
        }
        foreach (var id in Stuck.Take(5))
            text.Append(FormattableString.Invariant($"\n  stuck {id}: {Sagas.GetValueOrDefault(id)?.State ?? "(no saga)"}"));
        return text.ToString();
    }

    int CountState(string state) => Accepted.Count(id => Sagas.GetValueOrDefault(id)?.State == state);
}
