using System.Globalization;
using ImageSaga.Testing;

namespace ImageSaga.Benchmarks.Processes;

/// <summary>
/// <c>src/ImageSaga.Host</c> as a child process running one service (<see cref="HostProcess"/>, configured by
/// environment variables as in the distributed deployment), with the readings the process scenarios take of it: its
/// memory and CPU time from /proc, and the GC's figures from its <c>/metrics</c>.
/// </summary>
sealed class ServiceProcess : IAsyncDisposable
{
    readonly HostProcess _host;

    ServiceProcess(HostProcess host) => _host = host;

    public string Name => _host.Name;

    public Uri BaseAddress => _host.BaseAddress;

    public int ProcessId => _host.ProcessId;

    public string Log => _host.Log;

    public static async Task<ServiceProcess> StartAsync(string name, string services, IReadOnlyDictionary<string, string> environment)
    {
        // Warnings only: a benchmark's console is for its figures, and the host's information lines cost CPU.
        var quiet = new Dictionary<string, string>(environment) { ["Logging__LogLevel__ImageSaga"] = "Warning" };
        return new ServiceProcess(await HostProcess.StartAsync(name, services, quiet, readyWithin: TimeSpan.FromSeconds(120)));
    }

    /// <summary>Resident set size now and its high-water mark (VmRSS, VmHWM from /proc/&lt;pid&gt;/status), in bytes.</summary>
    public (long Rss, long Peak) Memory()
    {
        long rss = 0, peak = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_host.ProcessId}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    rss = Kilobytes(line);
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    peak = Kilobytes(line);
            }
        }
        catch (IOException)
        {
            // The process has exited; its figures are gone.
        }

        return (rss, peak);
    }

    /// <summary>
    /// The .NET GC's figures from the process's own <c>/metrics</c>, in bytes, as of its last collection: the memory it
    /// had committed (<c>dotnet_gc_last_collection_memory_committed_size_bytes</c>) and the size of the heap, all
    /// generations (<c>dotnet_gc_last_collection_heap_size_bytes</c>), and what it held after its last full collection
    /// (<c>imagesaga_gc_heap_live_after_full_collection_bytes</c>, the live objects); zeros when they cannot be read. RSS
    /// minus the committed memory is what native code (ONNX Runtime, the allocator), code and mapped files hold.
    /// </summary>
    public async Task<GcMemory> GcMemoryAsync()
    {
        try
        {
            using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
            long committed = 0, heap = 0, live = 0;
            foreach (var line in (await client.GetStringAsync("/metrics")).Split('\n'))
            {
                if (line.StartsWith("dotnet_gc_last_collection_memory_committed_size_bytes", StringComparison.Ordinal))
                    committed = Value(line);
                else if (line.StartsWith("dotnet_gc_last_collection_heap_size_bytes", StringComparison.Ordinal))
                    heap += Value(line);
                else if (line.StartsWith("imagesaga_gc_heap_live_after_full_collection_bytes", StringComparison.Ordinal))
                    live = Value(line);
            }

            return new GcMemory(committed, heap, live);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or FormatException)
        {
            // The process has exited or does not serve metrics: the figures are simply missing.
            return new GcMemory(0, 0, 0);
        }

        static long Value(string line) => (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>CPU time the process has used so far (user + system, from /proc/&lt;pid&gt;/stat).</summary>
    public TimeSpan CpuTime()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{_host.ProcessId}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields 14 and 15 of stat (utime, stime), counted from the state field (3) after the command name.
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    /// <summary>"VmRSS:    123456 kB" → bytes.</summary>
    static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}

/// <summary>
/// The GC's committed memory and heap size (all generations) after its last collection, and the live objects after its
/// last full collection, in bytes.
/// </summary>
readonly record struct GcMemory(long Committed, long Heap, long LiveAfterFullCollection);
