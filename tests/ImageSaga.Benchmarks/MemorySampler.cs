using System.Diagnostics;

namespace ImageSaga.Benchmarks;

/// <summary>One sample of the process's memory, with how many images had completed by then.</summary>
sealed record MemorySample(TimeSpan At, int Completed, long WorkingSetBytes, long GcHeapBytes);

/// <summary>Samples the working set (RSS) and the managed heap every second while a run is in progress.</summary>
sealed class MemorySampler : IAsyncDisposable
{
    readonly Func<int> _completed;
    readonly long _started = Stopwatch.GetTimestamp();
    readonly List<MemorySample> _samples = [];
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;

    public MemorySampler(Func<int> completed)
    {
        _completed = completed;
        _loop = Task.Run(LoopAsync);
    }

    public IReadOnlyList<MemorySample> Samples
    {
        get
        {
            lock (_samples)
                return _samples.ToList();
        }
    }

    public MemorySample Sample()
    {
        var sample = new MemorySample(Stopwatch.GetElapsedTime(_started), _completed(), Environment.WorkingSet, GC.GetTotalMemory(false));
        lock (_samples)
            _samples.Add(sample);
        return sample;
    }

    async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
                Sample();
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
