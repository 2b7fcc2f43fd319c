using System.Diagnostics;
using ImageSaga.Benchmarks.Infrastructure;
using ImageSaga.ServiceDefaults;
using ImageSaga.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImageSaga.Benchmarks.Processes;

/// <summary>
/// The analysis pipeline as the distributed deployment runs it: <c>src/ImageSaga.Host</c> started once per service on
/// RabbitMQ (a fresh virtual host) and PostgreSQL (a fresh database), sharing an image folder; this process only
/// uploads (store the bytes, publish <c>ImageUploaded</c>) and counts outcomes. Scenario 4 samples each process's
/// resident memory over a long run; scenario 5 then compares one detection process with two.
/// </summary>
static class ProcessDeploymentBenchmark
{
    static readonly string[] Services = ["orchestrator", "metadata", "detection", "classification", "faces", "moderation"];

    static readonly (double Share, string Label)[] Marks = [(0.10, "10 %"), (0.25, "25 %"), (0.50, "50 %"), (0.75, "75 %"), (1.00, "100 %")];

    public static async Task<ProcessesResult?> RunAsync(PhotoSet photos, BenchmarkServers servers, int warmUpImages, int images, int scalingImages,
        int inFlight)
    {
        if (servers.Missing(rabbitMq: true, postgres: true) is { } missing)
        {
            Console.WriteLine($"  skipped: {missing}");
            return null;
        }

        var dataFolder = Path.Combine(Path.GetTempPath(), $"imagesaga-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataFolder);
        await using var virtualHost = await servers.CreateVirtualHostAsync();
        await using var database = await servers.CreateDatabaseAsync();
        var environment = new Dictionary<string, string>
        {
            ["ImageSaga__Bus__Transport"] = "RabbitMQ",
            ["ImageSaga__Bus__RabbitMq__Uri"] = virtualHost.AmqpUri.ToString(),
            ["ImageSaga__Persistence__Provider"] = "Postgres",
            ["ImageSaga__Persistence__ConnectionString"] = database.ConnectionString,
            ["ImageSaga__DataFolder"] = dataFolder,
            // As in the other saga scenarios: the analysis pipeline, without the per-user enrichment after the join.
            ["ImageSaga__Analysis__Steps__enrichment__Enabled"] = "false",
            ["ImageSaga__Api__AdminKey"] = "benchmark-admin-key-that-is-long-enough",
        };

        var processes = new List<ServiceProcess>();
        try
        {
            // The orchestrator migrates the database; the others start together once it is ready.
            processes.Add(await ServiceProcess.StartAsync("orchestrator", "orchestrator", environment));
            processes.AddRange(await Task.WhenAll(Services.Skip(1).Select(service => ServiceProcess.StartAsync(service, service, environment))));
            Console.WriteLine($"  started {string.Join(", ", processes.Select(p => $"{p.Name} (pid {p.ProcessId})"))}");

            var tracker = new OutcomeTracker();
            using var client = await StartClientAsync(environment, tracker);
            var store = client.Services.GetRequiredService<IImageStore>();
            var bus = client.Services.GetRequiredService<IBus>();

            await SagaBenchmark.ClosedLoopAsync(store, bus, tracker, photos, warmUpImages, inFlight, onFinished: null);
            Console.WriteLine($"  warm-up: {warmUpImages} images");

            var (elapsed, steady, failed, memory) = await MemoryRunAsync(processes, store, bus, tracker, photos, images, inFlight);

            // Scenario 5: the same load with one detection process, then with a second one started beside it.
            var scaling = new List<ScalingRun> { await ScalingRunAsync(processes, store, bus, tracker, photos, scalingImages, inFlight, detectionProcesses: 1) };
            processes.Add(await ServiceProcess.StartAsync("detection 2", "detection", environment));
            await SagaBenchmark.ClosedLoopAsync(store, bus, tracker, photos, 3 * photos.Count, inFlight, onFinished: null);
            scaling.Add(await ScalingRunAsync(processes, store, bus, tracker, photos, scalingImages, inFlight, detectionProcesses: 2));

            await client.StopAsync();
            return new ProcessesResult(Services, warmUpImages, images, inFlight, elapsed, steady, failed, Marks.Select(mark => mark.Label).ToList(),
                memory, scaling);
        }
        finally
        {
            foreach (var process in processes)
                await process.DisposeAsync();
            ScratchFolder.Delete(dataFolder);
        }
    }

    static async Task<(TimeSpan Elapsed, double Steady, int Failed, IReadOnlyList<ProcessMemoryRow> Memory)> MemoryRunAsync(
        List<ServiceProcess> processes, IImageStore store, IBus bus, OutcomeTracker tracker, PhotoSet photos, int images, int inFlight)
    {
        var afterWarmUp = processes.Select(process => process.Memory().Rss).ToArray();
        var atMarks = processes.Select(_ => new long[Marks.Length]).ToArray();
        var peaks = (long[])afterWarmUp.Clone();
        var markCounts = Marks.Select(mark => Math.Max(1, (int)Math.Round(mark.Share * images))).ToArray();
        var gcAtMarks = processes.Select(_ => new GcMemory[Marks.Length]).ToArray();
        var gcScrapes = new List<Task>();
        var completedAt = new double[images];
        var finished = 0;
        var failedBefore = tracker.Failed;

        void Sample(int? mark)
        {
            lock (peaks)
            {
                for (var i = 0; i < processes.Count; i++)
                {
                    var rss = processes[i].Memory().Rss;
                    peaks[i] = Math.Max(peaks[i], rss);
                    if (mark is { } m)
                        atMarks[i][m] = rss;
                }
            }
        }

        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Sample(null);
                await Task.Delay(1000, CancellationToken.None);
            }
        });

        var started = Stopwatch.GetTimestamp();
        var lastReport = started;
        await SagaBenchmark.ClosedLoopAsync(store, bus, tracker, photos, images, inFlight, (_, _) =>
        {
            var done = Interlocked.Increment(ref finished);
            completedAt[done - 1] = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var mark = Array.IndexOf(markCounts, done);
            if (mark >= 0)
            {
                Sample(mark);
                var at = mark;
                lock (gcScrapes)
                {
                    gcScrapes.AddRange(processes.Select((process, i) => Task.Run(async () =>
                        gcAtMarks[i][at] = await process.GcMemoryAsync())));
                }
            }
            if (Stopwatch.GetElapsedTime(Interlocked.Read(ref lastReport)).TotalSeconds >= 30)
            {
                Interlocked.Exchange(ref lastReport, Stopwatch.GetTimestamp());
                Console.WriteLine($"  {done}/{images} images, {done / Stopwatch.GetElapsedTime(started).TotalSeconds:F2} images/s; RSS MB: "
                    + string.Join(", ", processes.Select(p => $"{p.Name} {p.Memory().Rss / 1048576.0:F0}")));
            }
        });
        var elapsed = Stopwatch.GetElapsedTime(started);
        await stop.CancelAsync();
        await sampler;
        await Task.WhenAll(gcScrapes);

        var from = Math.Max(0, (int)(images * 0.10) - 1);
        var to = Math.Max(from + 1, (int)(images * 0.90) - 1);
        var steady = (to - from) / Math.Max(1e-9, completedAt[to] - completedAt[from]);
        var rows = processes.Select((process, i) => new ProcessMemoryRow(process.Name, afterWarmUp[i], atMarks[i], peaks[i], process.Memory().Peak,
            gcAtMarks[i][0], gcAtMarks[i][^1])).ToList();
        Console.WriteLine($"  {images} images in {elapsed.TotalSeconds:F0} s, steady {steady:F2} images/s; growth after 10 %: "
            + string.Join(", ", rows.Select(row => $"{row.Process} {row.GrowthAfterFirstMark / 1048576.0:+0;-0} MB "
                + $"(GC committed {row.GcGrowthAfterFirstMark / 1048576.0:+0;-0}, native {row.NativeGrowthAfterFirstMark / 1048576.0:+0;-0}; "
                + $"GC heap {row.GcAtFirstMark.Heap / 1048576.0:F0} → {row.GcAtEnd.Heap / 1048576.0:F0}, "
                + $"live after a full collection {row.GcAtFirstMark.LiveAfterFullCollection / 1048576.0:F0} → {row.GcAtEnd.LiveAfterFullCollection / 1048576.0:F0})")));
        return (elapsed, steady, tracker.Failed - failedBefore, rows);
    }

    static async Task<ScalingRun> ScalingRunAsync(List<ServiceProcess> processes, IImageStore store, IBus bus, OutcomeTracker tracker,
        PhotoSet photos, int images, int inFlight, int detectionProcesses)
    {
        var cpuBefore = processes.Sum(process => process.CpuTime().TotalMilliseconds);
        var machine = new CpuMeter();
        var started = Stopwatch.GetTimestamp();
        await SagaBenchmark.ClosedLoopAsync(store, bus, tracker, photos, images, inFlight, onFinished: null);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var run = new ScalingRun(detectionProcesses, images, images / elapsed.TotalSeconds,
            (processes.Sum(process => process.CpuTime().TotalMilliseconds) - cpuBefore) / images, machine.Stop());
        Console.WriteLine($"  {detectionProcesses} detection process(es): {run.ImagesPerSecond:F2} images/s, {run.ServiceCpuMsPerImage:F0} ms of service CPU per image");
        return run;
    }

    /// <summary>A bus-only host for this process: it uploads into the shared image folder and subscribes to the outcomes.</summary>
    static async Task<IHost> StartClientAsync(IReadOnlyDictionary<string, string> environment, OutcomeTracker tracker)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        builder.Configuration.AddInMemoryCollection(environment.Select(setting =>
            new KeyValuePair<string, string?>(setting.Key.Replace("__", ":", StringComparison.Ordinal), setting.Value)));
        builder.Services.AddSingleton(tracker);
        builder.AddImageSagaDefaults(bus => bus.AddConsumer<OutcomeConsumer>().Endpoint(endpoint => endpoint.Name = "benchmark-outcomes"));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
