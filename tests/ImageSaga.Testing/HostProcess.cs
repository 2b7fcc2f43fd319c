using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace ImageSaga.Testing;

/// <summary>
/// The real ImageSaga.Host executable as a child process, the way it runs in production: a chosen service subset,
/// configuration by environment variables, readiness by <c>/health/ready</c>, and a hard kill for crash tests.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    const int MaxLogLines = 400;
    readonly Process _process;
    readonly Queue<string> _log = new();

    HostProcess(string name, Process process, Uri baseAddress)
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

    public bool HasExited => _process.HasExited;

    /// <summary>The operating system's id of the process (<c>dotnet Host.dll</c> runs the app in it), e.g. to read /proc.</summary>
    public int ProcessId => _process.Id;

    public static async Task<HostProcess> StartAsync(string name, string services, IReadOnlyDictionary<string, string> environment,
        TimeSpan? readyWithin = null)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
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
        start.Environment["Logging__LogLevel__ImageSaga"] = "Information";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        var host = new HostProcess(name, Process.Start(start)!, baseAddress);
        await host.WaitUntilReadyAsync(readyWithin ?? TimeSpan.FromSeconds(90));
        return host;
    }

    public async Task WaitUntilReadyAsync(TimeSpan within)
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

    /// <summary>
    /// SIGTERM, as Docker, Kubernetes and systemd stop a process: it should stop taking messages, finish or return the
    /// ones in flight and exit by itself. Returns its exit code and how long it took; a process still running after
    /// <paramref name="within"/> is killed and reported as a timeout.
    /// </summary>
    public async Task<(int ExitCode, TimeSpan Took)> TerminateAsync(TimeSpan within)
    {
        var started = Stopwatch.GetTimestamp();
        if (kill(_process.Id, Sigterm) != 0)
            throw new InvalidOperationException($"Could not send SIGTERM to {Name} (errno {Marshal.GetLastPInvokeError()}).");
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Name} did not exit within {within} of SIGTERM:\n{Log}");
        }

        return (_process.ExitCode, Stopwatch.GetElapsedTime(started));
    }

    const int Sigterm = 15;

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int signal);

    /// <summary>SIGKILL: no graceful shutdown, in-flight work and unreleased outboxes are lost, as in a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
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
        Kill();
        await Task.CompletedTask;
        _process.Dispose();
    }

    void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
        {
            _log.Enqueue(line);
            while (_log.Count > MaxLogLines)
                _log.Dequeue();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The folder holding ImageSaga.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    static string HostDll() => BuiltDll("ImageSaga.Host", "ImageSaga.Host.dll");

    /// <summary>A project's own build output, built by the solution in the same configuration as the tests.</summary>
    public static string BuiltDll(string project, string dll)
    {
        // tests/ImageSaga.IntegrationTests/bin/<Configuration>/<tfm>/
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var path = Path.Combine(RepositoryRoot, "src", project, "bin", testOutput.Parent!.Name, testOutput.Name, dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution first: {path} is missing.");
    }

    static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ImageSaga.sln")))
                return directory.FullName;
        }

        throw new DirectoryNotFoundException("No ImageSaga.sln above the test output.");
    }

    public override string ToString()
    {
        var text = new StringBuilder($"{Name} at {BaseAddress}");
        if (_process.HasExited)
            text.Append(CultureInfoInvariant($" (exited {_process.ExitCode})"));
        return text.ToString();
    }

    static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);
}
