using System.Runtime;

namespace ImageSaga.Benchmarks;

/// <summary>How long a scenario was warmed up, and how much the JIT still compiled in its last round.</summary>
sealed record WarmUpResult(int Images, int Rounds, long MethodsInLastRound);

/// <summary>
/// Warms a scenario up until tiered compilation has settled: the runtime first compiles each method quickly, then,
/// once it has been called often enough, again with full optimisation, on a background thread. With the saga's tens of
/// thousands of methods (MassTransit's and EF Core's generic pipelines per message type) that goes on for the first
/// few hundred images and took about a third of the process's CPU while it did; a long-running host pays it once, so
/// both the bare loop and the saga are measured after it. A round counts as settled when it compiled fewer methods than
/// it analysed images.
/// </summary>
static class JitWarmUp
{
    public static async Task<WarmUpResult> UntilSettledAsync(Func<int, Task> round, int imagesPerRound, int maxRounds)
    {
        var images = 0;
        for (var rounds = 1; ; rounds++)
        {
            var before = JitInfo.GetCompiledMethodCount();
            await round(imagesPerRound);
            images += imagesPerRound;
            var compiled = JitInfo.GetCompiledMethodCount() - before;
            if (compiled < imagesPerRound || rounds >= maxRounds)
                return new WarmUpResult(images, rounds, compiled);
        }
    }
}

/// <summary>JIT compilation time over an interval, per image: what the measured figures still contain of it.</summary>
sealed class JitMeter
{
    readonly TimeSpan _started = JitInfo.GetCompilationTime();
    readonly long _methods = JitInfo.GetCompiledMethodCount();

    public JitUsage Stop(int images) =>
        new((JitInfo.GetCompilationTime() - _started).TotalMilliseconds / Math.Max(1, images), JitInfo.GetCompiledMethodCount() - _methods);
}

sealed record JitUsage(double MsPerImage, long Methods)
{
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"JIT {MsPerImage:F2} ms/image ({Methods} methods)");
}
