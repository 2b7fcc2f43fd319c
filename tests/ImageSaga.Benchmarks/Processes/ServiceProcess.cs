using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ImageSaga.Benchmarks.Processes;

/// <summary>
/// <c>src/ImageSaga.Host</c>'s built dll as a child process running one service, configured by environment variables
/// and ready once <c>/health/ready</c> answers (adapted from the integration tests' <c>HostProcess</c>). Its memory is
/// read from /proc.
/// </summary>
sealed class ServiceProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly Queue<string> _log = new();

    ServiceProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public static async Task<ServiceProcess> StartAsync(string name, string services, IReadOnlyDictionary<string, string> environment)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(HostDll());
        start.ArgumentList.Add("--services");
        start.ArgumentList.Add(services);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString());
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        var process = new ServiceProcess(name, Process.Start(start)!, baseAddress);
        await process.WaitUntilReadyAsync(TimeSpan.FromSeconds(120));
        return process;
    }

    /// <summary>Resident set size now and its high-water mark (VmRSS, VmHWM from /proc/&lt;pid&gt;/status), in bytes.</summary>
    public (long Rss, long Peak) Memory()
    {
        long rss = 0, peak = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
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
            var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
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

    public string Log
    {
        get
        {
            lock (_log)
                return string.Join('\n', _log);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    async Task WaitUntilReadyAsync(TimeSpan within)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready:\n{Log}");
            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{Name} was not ready within {within}:\n{Log}");
    }

    void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
        {
            _log.Enqueue(line);
            while (_log.Count > 200)
                _log.Dequeue();
        }
    }

    static string HostDll()
    {
        // tests/ImageSaga.Benchmarks/bin/<Configuration>/<tfm>/ → src/ImageSaga.Host/bin/<Configuration>/<tfm>/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(PhotoSet.RepositoryRoot(), "src", "ImageSaga.Host", "bin", output.Parent!.Name, output.Name, "ImageSaga.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build src/ImageSaga.Host first: {path} is missing.");
    }

    /// <summary>"VmRSS:    123456 kB" → bytes.</summary>
    static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// The GC's committed memory and heap size (all generations) after its last collection, and the live objects after its
/// last full collection, in bytes.
/// </summary>
readonly record struct GcMemory(long Committed, long Heap, long LiveAfterFullCollection);
