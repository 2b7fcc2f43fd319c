using System.Diagnostics;
using System.Globalization;

namespace ImageSaga.Benchmarks;

/// <summary>
/// The bare loop in a process of its own, for <see cref="AlternatingBlocks"/>: it warms up, says <c>ready</c>, then runs
/// one block per line it reads (the number of images) and answers with the block's wall-clock and CPU milliseconds.
/// A separate process, because a bare loop in the benchmark's own process would share its runtime with the idle saga
/// host: its garbage collector, its heap of a few hundred MB and its threads.
/// </summary>
static class BareLoopWorker
{
    public const string Argument = "--bare-loop-worker";

    /// <summary>The worker's side: runs until its standard input ends.</summary>
    public static async Task RunAsync()
    {
        var photos = PhotoSet.Load();
        using var services = new AnalysisServices();
        await JitWarmUp.UntilSettledAsync(count =>
        {
            BareLoopBenchmark.RunBlock(services, photos, count);
            return Task.CompletedTask;
        }, imagesPerRound: 2 * photos.Count, maxRounds: 25);
        Console.WriteLine("ready");

        while (Console.ReadLine() is { } line && int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var images))
        {
            var (elapsed, cpu) = BareLoopBenchmark.RunBlock(services, photos, images);
            var cpuMs = cpu.ProcessTimeOver(elapsed).TotalMilliseconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalMilliseconds:F3} {cpuMs:F3}"));
        }
    }

    /// <summary>Starts a worker and waits until it is warm.</summary>
    public static async Task<Client> StartAsync()
    {
        // Under `dotnet run` this process is the app host; under `dotnet ImageSaga.Benchmarks.dll` it is dotnet itself.
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark's executable path is unknown.");
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(BareLoopWorker).Assembly.Location);
        start.ArgumentList.Add(Argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("The bare loop worker did not start.");
        var client = new Client(process);
        var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(10));
        if (first != "ready")
        {
            await client.DisposeAsync();
            throw new InvalidOperationException($"The bare loop worker did not get ready: '{first}'.");
        }

        return client;
    }

    public sealed class Client(Process process) : IAsyncDisposable
    {
        /// <summary>Runs one block of <paramref name="images"/> in the worker: its wall-clock time and the CPU time it used.</summary>
        public async Task<(TimeSpan Elapsed, TimeSpan Cpu)> RunBlockAsync(int images)
        {
            await process.StandardInput.WriteLineAsync(images.ToString(CultureInfo.InvariantCulture));
            await process.StandardInput.FlushAsync();
            var answer = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(10))
                ?? throw new InvalidOperationException("The bare loop worker exited.");
            var fields = answer.Split(' ');
            return (TimeSpan.FromMilliseconds(double.Parse(fields[0], CultureInfo.InvariantCulture)),
                TimeSpan.FromMilliseconds(double.Parse(fields[1], CultureInfo.InvariantCulture)));
        }

        public async ValueTask DisposeAsync()
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
                process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }
}
