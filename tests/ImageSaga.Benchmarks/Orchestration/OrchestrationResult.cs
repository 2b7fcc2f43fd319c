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
    string? Skipped = null)
{
    public static OrchestrationResult NotRun(OrchestrationSetup setup, string reason) =>
        new(setup, 0, 0, TimeSpan.Zero, double.NaN, double.NaN, double.NaN, 0, LatencySummary.Of([]),
            new CpuUsage(double.NaN, double.NaN), 0, Skipped: reason);
}
