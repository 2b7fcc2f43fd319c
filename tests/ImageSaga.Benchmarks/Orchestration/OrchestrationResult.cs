namespace ImageSaga.Benchmarks.Orchestration;

/// <summary>What one setup of the orchestration scenario achieved, or why it did not run (<see cref="Skipped"/>).</summary>
sealed record OrchestrationResult(
    OrchestrationSetup Setup,
    int Sagas,
    int InFlight,
    TimeSpan Elapsed,
    double SagasPerSecond,
    double TransitionsPerSecond,
    double TransitionsPerSaga,
    int Failed,
    LatencySummary Latency,
    CpuUsage Cpu,
    int WarmUpSagas,
    double BenchmarkCpuMsPerSaga = double.NaN,
    double PostgresCpuMsPerSaga = double.NaN,
    double RabbitMqCpuMsPerSaga = double.NaN,
    string? Skipped = null,
    IReadOnlyList<double>? LatenciesMs = null,
    int Rounds = 1,
    double JitMsPerSaga = double.NaN)
{
    /// <summary>
    /// One setup's rounds as one result: sagas and time added up (so the rate is total sagas over total time), the CPU
    /// shares weighted by time, the CPU per saga by sagas, the latencies pooled.
    /// </summary>
    public static OrchestrationResult Combine(IReadOnlyList<OrchestrationResult> rounds)
    {
        if (rounds.Count == 1 || rounds.Any(round => round.Skipped is not null))
            return rounds[0];
        var sagas = rounds.Sum(round => round.Sagas);
        var seconds = rounds.Sum(round => round.Elapsed.TotalSeconds);
        double ByTime(Func<OrchestrationResult, double> figure) => rounds.Sum(round => figure(round) * round.Elapsed.TotalSeconds) / seconds;
        double BySagas(Func<OrchestrationResult, double> figure) => rounds.Sum(round => figure(round) * round.Sagas) / sagas;
        var latencies = rounds.SelectMany(round => round.LatenciesMs ?? []).ToList();
        return rounds[0] with
        {
            Sagas = sagas,
            Elapsed = TimeSpan.FromSeconds(seconds),
            SagasPerSecond = sagas / seconds,
            TransitionsPerSecond = ByTime(round => round.TransitionsPerSecond),
            TransitionsPerSaga = BySagas(round => round.TransitionsPerSaga),
            Failed = rounds.Sum(round => round.Failed),
            Latency = LatencySummary.Of(latencies),
            Cpu = new CpuUsage(ByTime(round => round.Cpu.Process), ByTime(round => round.Cpu.Machine)),
            WarmUpSagas = rounds.Sum(round => round.WarmUpSagas),
            BenchmarkCpuMsPerSaga = BySagas(round => round.BenchmarkCpuMsPerSaga),
            PostgresCpuMsPerSaga = BySagas(round => round.PostgresCpuMsPerSaga),
            RabbitMqCpuMsPerSaga = BySagas(round => round.RabbitMqCpuMsPerSaga),
            LatenciesMs = latencies,
            Rounds = rounds.Count,
            JitMsPerSaga = BySagas(round => round.JitMsPerSaga),
        };
    }

    public static OrchestrationResult NotRun(OrchestrationSetup setup, string reason) =>
        new(setup, 0, 0, TimeSpan.Zero, double.NaN, double.NaN, double.NaN, 0, LatencySummary.Of([]),
            new CpuUsage(double.NaN, double.NaN), 0, Skipped: reason);
}
