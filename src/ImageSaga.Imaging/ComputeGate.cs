using ImageSaga.ServiceDefaults.Options;
using Microsoft.Extensions.Options;

namespace ImageSaga.Imaging;

/// <summary>
/// Admits a bounded number of CPU-bound analyses at once across all the step consumers of one process.
/// Each step endpoint may take one message per core; hosted together (the embedded host runs all six), that would
/// be up to a dozen decodes and model runs time-slicing two cores, evicting each other's weights from the caches and
/// holding thread-pool threads that the bus needs. Waiting here is asynchronous, so a waiting message costs no thread.
/// Measured in the benchmark (docs/benchmarks.md): the saga did the same work with noticeably less CPU per image.
/// </summary>
public sealed class ComputeGate : IDisposable
{
    readonly SemaphoreSlim _slots;

    public ComputeGate(IOptions<ComputeOptions> options)
    {
        Capacity = options.Value.EffectiveMaxConcurrentAnalyses;
        _slots = new SemaphoreSlim(Capacity, Capacity);
    }

    /// <summary>Analyses admitted at once.</summary>
    public int Capacity { get; }

    /// <summary>Analyses running now.</summary>
    public int InUse => Capacity - _slots.CurrentCount;

    /// <summary>Runs <paramref name="analysis"/> once a slot is free; the slot is returned however it ends.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> analysis, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await analysis();
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
