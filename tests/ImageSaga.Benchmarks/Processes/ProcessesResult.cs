namespace ImageSaga.Benchmarks.Processes;

/// <summary>The figures of the one-process-per-service scenarios: memory over the long run, then detection scaled out.</summary>
sealed record ProcessesResult(
    IReadOnlyList<string> Services,
    int WarmUpImages,
    int Images,
    int InFlight,
    TimeSpan Elapsed,
    double SteadyImagesPerSecond,
    int Failed,
    IReadOnlyList<string> MarkLabels,
    IReadOnlyList<ProcessMemoryRow> Memory,
    IReadOnlyList<ScalingRun> Scaling);
