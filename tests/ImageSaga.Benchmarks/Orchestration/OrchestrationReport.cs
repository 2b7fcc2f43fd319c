using System.Globalization;
using System.Text;

namespace ImageSaga.Benchmarks.Orchestration;

/// <summary>The orchestration scenario's section of docs/benchmarks.md.</summary>
static class OrchestrationReport
{
    const double Target = 0.75;
    const double TransitionsTarget = 1000;

    public static void AppendTo(StringBuilder md, IReadOnlyList<OrchestrationResult> results, int cores)
    {
        var ran = results.Where(r => r.Skipped is null).ToList();
        Line(md, "### Orchestration overhead (saga with instant steps)");
        Line(md);
        if (ran.Count > 0)
        {
            var first = ran[0];
            Line(md, $"The real `ImageAnalysisStateMachine` and its definition (partitioned by image, retry, in-memory outbox), all seven steps enabled, "
                + "and step services in the same process that answer each command at once with a minimal valid result (`InstantStep<T>`), so "
                + $"what is measured is the saga, its repository and the transport. Each setup runs {first.Sagas} sagas as a closed loop of "
                + $"{first.InFlight} uploads in flight (each publishes `ImageUploaded` and waits for `ImageAnalysisCompleted`)"
                + (first.Rounds > 1
                    ? $", in {first.Rounds} rounds in which the setups take turns (each round a share of the sagas, so that the machine's drift in "
                        + "speed over minutes falls on every setup alike; the figures are the rounds together), each round after a warm-up "
                    : ", after a warm-up ")
                + "until tiered compilation settled; RabbitMQ gets a fresh virtual host and PostgreSQL a fresh database per setup, the broker and the "
                + $"database run on the same {cores} cores. A transition is one message consumed by the saga (one event applied to one instance, with "
                + "our repository one history row): `ImageUploaded`, seven step replies and the outcome's confirmation, 9 per saga. "
                + "MassTransit's in-memory repository is swapped in by the benchmark's host builder only (`RegisterInMemorySagaRepository`), "
                + "the product always uses ours.");
            Line(md);
        }

        Line(md, "| Setup | Sagas | sagas/s | transitions/s | transitions per saga | p50 / p95 / p99 ms | CPU: benchmark / other processes | CPU ms per saga: benchmark / PostgreSQL / RabbitMQ | of it JIT compilation, ms per saga | of RabbitMQ + in-memory repository |");
        Line(md, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var reference = results.FirstOrDefault(r => r.Setup == OrchestrationSetup.RabbitMqInMemory && r.Skipped is null);
        foreach (var r in results)
        {
            if (r.Skipped is not null)
            {
                Line(md, $"| {r.Setup.Name} | – | not run: {r.Skipped} | | | | | | | |");
                continue;
            }

            var share = reference is null ? "" : $"{r.SagasPerSecond / reference.SagasPerSecond * 100:F0} %";
            Line(md, $"| {r.Setup.Name} | {r.Sagas} | **{r.SagasPerSecond:F0}** | {r.TransitionsPerSecond:F0} | {r.TransitionsPerSaga:F1} | "
                + $"{r.Latency.P50Ms:F0} / {r.Latency.P95Ms:F0} / {r.Latency.P99Ms:F0} | {r.Cpu.Process * 100:F0} % / {r.Cpu.Others * 100:F0} % | "
                + $"{r.BenchmarkCpuMsPerSaga:F1} / {Math.Max(0, r.PostgresCpuMsPerSaga):F1} / {Math.Max(0, r.RabbitMqCpuMsPerSaga):F1} | {r.JitMsPerSaga:F2} | {share} |");
        }

        Line(md);
        var postgres = results.FirstOrDefault(r => r.Setup == OrchestrationSetup.RabbitMqPostgres && r.Skipped is null);
        if (postgres is not null && reference is not null)
        {
            var ratio = postgres.SagasPerSecond / reference.SagasPerSecond;
            Line(md, $"Target: RabbitMQ + PostgreSQL at least {Target * 100:F0} % of RabbitMQ + in-memory repository and more than "
                + $"{TransitionsTarget:F0} transitions/s: **{ratio * 100:F0} %** ({(ratio >= Target ? "met" : $"missed by {(Target - ratio) * 100:F0} points")}), "
                + $"**{postgres.TransitionsPerSecond:F0} transitions/s** ({(postgres.TransitionsPerSecond > TransitionsTarget ? "met" : $"missed by {TransitionsTarget - postgres.TransitionsPerSecond:F0}")}). "
                + "Baseline from the issue: a naive EF repository reached 44 % (173 vs 394 sagas/s).");
            Line(md);
        }
    }

    static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');

    static void Line(StringBuilder md, FormattableString text) => Line(md, text.ToString(CultureInfo.InvariantCulture));
}
