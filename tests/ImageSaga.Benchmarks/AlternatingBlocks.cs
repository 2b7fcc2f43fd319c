using System.Diagnostics;
using ImageSaga.ServiceDefaults.Storage;
using MassTransit;

namespace ImageSaga.Benchmarks;

/// <summary>One pair of the alternating comparison: a block of images through the saga, then the same photos through the bare loop.</summary>
sealed record AlternatingPair(double SagaImagesPerSecond, double BareImagesPerSecond, double SagaCpuMsPerImage, double BareCpuMsPerImage)
{
    public double Ratio => SagaImagesPerSecond / BareImagesPerSecond;

    public double CpuRatio => BareCpuMsPerImage / SagaCpuMsPerImage;
}

sealed record AlternatingResult(int ImagesPerBlock, IReadOnlyList<AlternatingPair> Pairs)
{
    public double MedianRatio => Percentiles.Of(Pairs.Select(pair => pair.Ratio).ToList(), 50);

    public double MedianCpuRatio => Percentiles.Of(Pairs.Select(pair => pair.CpuRatio).ToList(), 50);
}

/// <summary>
/// The saga and the bare loop in turns, a block of each per pair, so that both sides of every ratio are measured within
/// the same few seconds. This machine's speed drifts by more than the target's margin within minutes (the
/// bare loop alone measured 19.5 to 26.9 images/s in one quarter of an hour), so the two separate runs of scenario 2,
/// a minute apart, gave ratios from 62 % to 98 % with the same code; the median of these pairs is steadier.
/// The bare loop runs in a process of its own (<see cref="BareLoopWorker"/>); each side is idle while the other runs, and
/// both are warm before the first pair.
/// </summary>
static class AlternatingBlocks
{
    public static async Task<AlternatingResult> RunAsync(IImageStore store, IBus bus, OutcomeTracker tracker, PhotoSet photos, int pairs,
        int imagesPerBlock, int inFlight)
    {
        // The saga is warm from its load run; the worker warms its own sessions up as the bare loop's own run does.
        await using var bare = await BareLoopWorker.StartAsync();

        var results = new List<AlternatingPair>(pairs);
        for (var pair = 0; pair < pairs; pair++)
        {
            var saga = await SagaBlockAsync(store, bus, tracker, photos, imagesPerBlock, inFlight);
            var (bareElapsed, bareCpu) = await bare.RunBlockAsync(imagesPerBlock);
            var result = new AlternatingPair(
                saga.ImagesPerSecond,
                imagesPerBlock / bareElapsed.TotalSeconds,
                saga.CpuMsPerImage,
                bareCpu.TotalMilliseconds / imagesPerBlock);
            results.Add(result);
            Console.WriteLine($"  pair {pair + 1}/{pairs}: saga {result.SagaImagesPerSecond:F2} images/s ({result.SagaCpuMsPerImage:F1} CPU ms/image), "
                + $"bare {result.BareImagesPerSecond:F2} images/s ({result.BareCpuMsPerImage:F1}): {result.Ratio * 100:F0} %");
        }

        return new AlternatingResult(imagesPerBlock, results);
    }

    static async Task<(double ImagesPerSecond, double CpuMsPerImage)> SagaBlockAsync(IImageStore store, IBus bus, OutcomeTracker tracker,
        PhotoSet photos, int images, int inFlight)
    {
        var completedAt = new double[images];
        var finished = 0;
        var cpu = new CpuMeter();
        var started = Stopwatch.GetTimestamp();
        await SagaBenchmark.ClosedLoopAsync(store, bus, tracker, photos, images, inFlight,
            (_, _) => completedAt[Interlocked.Increment(ref finished) - 1] = Stopwatch.GetElapsedTime(started).TotalSeconds);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var usage = cpu.Stop();
        var cpuMsPerImage = usage.ProcessTimeOver(elapsed).TotalMilliseconds / images;

        // The rate between the 10 % and 90 % completions, as in scenario 2: a closed loop ramps up and drains at its ends,
        // which the bare loop's Parallel.For barely does.
        var from = Math.Max(0, images / 10 - 1);
        var to = Math.Max(from + 1, images * 9 / 10 - 1);
        return ((to - from) / Math.Max(1e-9, completedAt[to] - completedAt[from]), cpuMsPerImage);
    }
}
