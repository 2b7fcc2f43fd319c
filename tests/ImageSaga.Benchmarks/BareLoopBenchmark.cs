using System.Diagnostics;
using System.Security.Cryptography;
using ImageSaga.Imaging;

namespace ImageSaga.Benchmarks;

/// <summary>What a hand-written pipeline on this machine would do: no bus, no database, one decode per image.</summary>
sealed record BareLoopResult(int Images, int Degree, TimeSpan Elapsed, CpuUsage Cpu, JitUsage Jit, WarmUpResult WarmUp)
{
    public double ImagesPerSecond => Images / Elapsed.TotalSeconds;
}

static class BareLoopBenchmark
{
    public static BareLoopResult Run(AnalysisServices services, PhotoSet photos, int images)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };

        // Warm-up: the same loop until tiered compilation has settled, as for the saga (see JitWarmUp).
        var warmUp = JitWarmUp.UntilSettledAsync(count =>
        {
            Parallel.For(0, count, options, i => Analyze(services, photos[i]));
            return Task.CompletedTask;
        }, imagesPerRound: 2 * photos.Count, maxRounds: 25).GetAwaiter().GetResult();
        Console.WriteLine($"  warm-up: {warmUp.Images} images in {warmUp.Rounds} round(s); methods compiled in the last: {warmUp.MethodsInLastRound}");

        var cpu = new CpuMeter();
        var jit = new JitMeter();
        var started = Stopwatch.GetTimestamp();
        Parallel.For(0, images, options, i => Analyze(services, photos[i]));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var result = new BareLoopResult(images, options.MaxDegreeOfParallelism, elapsed, cpu.Stop(), jit.Stop(images), warmUp);
        Console.WriteLine($"  {result.Images} images, Parallel.For degree {result.Degree}: {result.ImagesPerSecond:F2} images/s, "
            + $"CPU: {result.Cpu}; {result.Jit}");
        return result;
    }

    /// <summary>The same loop over <paramref name="images"/> photos, unwarmed and without a report: one block of <see cref="AlternatingBlocks"/>.</summary>
    public static (TimeSpan Elapsed, CpuUsage Cpu) RunBlock(AnalysisServices services, PhotoSet photos, int images)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        var cpu = new CpuMeter();
        var started = Stopwatch.GetTimestamp();
        Parallel.For(0, images, options, i => Analyze(services, photos[i]));
        return (Stopwatch.GetElapsedTime(started), cpu.Stop());
    }

    static void Analyze(AnalysisServices services, Photo photo)
    {
        // The same checks a step does before it analyses anything: read the stored bytes, verify the claim check.
        var bytes = File.ReadAllBytes(photo.Path);
        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), photo.Sha256, StringComparison.Ordinal))
            throw new InvalidOperationException($"{photo.FileName} changed on disk during the benchmark.");

        services.Metadata.Extract(bytes);
        using var upright = ImageInspector.DecodeUpright(bytes, services.Limits);
        services.Fingerprint.Compute(upright);
        services.Detector.Detect(upright);
        services.Classifier.Classify(upright);
        services.Faces.Detect(upright);
        services.Moderator.Moderate(upright);
    }
}
