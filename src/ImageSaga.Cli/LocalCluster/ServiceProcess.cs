using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ImageSaga.Cli.LocalCluster;

/// <summary>One service instance of a local cluster: <c>imagesaga serve --services X</c> as a child process.</summary>
public sealed class ServiceProcess : IDisposable
{
    readonly Process _process;

    ServiceProcess(string service, int instance, Uri address, Process process)
    {
        Service = service;
        Instance = instance;
        Address = address;
        _process = process;
    }

    public string Service { get; }

    public int Instance { get; }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Name => $"{Service}#{Instance}";

    /// <summary>Starts the child; every line it writes is handed to <paramref name="output"/> with its name.</summary>
    public static ServiceProcess Start(string service, int instance, int port, IReadOnlyDictionary<string, string> environment, Action<string, string> output)
    {
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Running as `dotnet imagesaga.dll`, the process path is the dotnet host and the entry assembly must follow.
        if (Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(ServiceProcess).Assembly.Location);
        foreach (var argument in new[] { "serve", "--services", service, "--urls", address.ToString() })
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {service}.");
        var child = new ServiceProcess(service, instance, address, process);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
                output(child.Name, line.Data);
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
                output(child.Name, line.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for <c>/health/ready</c>; false if the process exits or time runs out first.</summary>
    public async Task<bool> WaitUntilReadyAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync("/health/ready", cancellationToken);
                if (response.IsSuccessStatusCode)
                    return true;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(300, cancellationToken);
        }

        return false;
    }

    /// <summary>Asks the process to stop (SIGTERM, as Docker and Kubernetes do); on Windows, which has no SIGTERM, it is killed.</summary>
    public void RequestStop()
    {
        if (_process.HasExited)
            return;
        if (OperatingSystem.IsWindows() || Kill(_process.Id, Sigterm) != 0)
            _process.Kill(entireProcessTree: true);
    }

    /// <summary>Waits for the process to exit; kills it if it has not within <paramref name="within"/>. True if it stopped by itself.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    /// <summary>A port free on loopback right now (the child binds it a moment later).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    const int Sigterm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);
}
