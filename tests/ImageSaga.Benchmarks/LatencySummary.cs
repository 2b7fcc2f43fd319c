namespace ImageSaga.Benchmarks;

/// <summary>Percentiles of a set of upload → outcome times, in milliseconds.</summary>
sealed record LatencySummary(int Count, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static LatencySummary Of(IReadOnlyCollection<double> samples) =>
        samples.Count == 0
            ? new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN)
            : new LatencySummary(samples.Count, Percentiles.Of(samples, 50), Percentiles.Of(samples, 95), Percentiles.Of(samples, 99), samples.Max());
}
