using System.Diagnostics;
using ImageSaga.Benchmarks.Infrastructure;
using ImageSaga.Contracts;
using ImageSaga.Metadata;
using ImageSaga.Orchestrator;
using ImageSaga.Orchestrator.Persistence;
using ImageSaga.ServiceDefaults;
using ImageSaga.ServiceDefaults.Storage;
using ImageSaga.Vision;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImageSaga.Benchmarks;

sealed record MemoryPoint(string Label, MemorySample Sample);

sealed record SagaResult(
    SagaDeployment Deployment,
    int Images,
    int InFlight,
    TimeSpan Elapsed,
    double SteadyImagesPerSecond,
    double OverallImagesPerSecond,
    int Failed,
    LatencySummary LoadLatency,
    LatencySummary IdleLatency,
    LatencySummary IdleLatency640,
    string LatencyPhoto,
    IReadOnlyList<MemoryPoint> Memory,
    long PeakWorkingSetBytes,
    long PeakSampledWorkingSetBytes,
    CpuUsage Cpu,
    JitUsage Jit,
    WarmUpResult WarmUp,
    IReadOnlyDictionary<string, string?> Settings)
{
    /// <summary>The saga and the bare loop in alternating blocks after the load run, when asked for.</summary>
    public AlternatingResult? Alternating { get; init; }
}

/// <summary>
/// The whole saga in this process, as the embedded host runs it: in-memory transport, SQLite in a temp folder, every
/// service; or the same services on RabbitMQ and PostgreSQL (<see cref="SagaDeployment.RabbitMqPostgres"/>). Uploads go
/// in the way the API puts them in (store the bytes, publish <see cref="ImageUploaded"/>); an ordinary subscriber counts
/// the outcomes. Idle latency is measured twice: over the 16 photos, and on the 640x480 photo the target names.
/// </summary>
static class SagaBenchmark
{
    const int IdleUploads = 30;

    /// <summary>The 640x480 photo of ../shared/images (IMAGES.md), for the latency target.</summary>
    public const string LatencyPhotoName = "coco_000000423617.jpg";

    public static async Task<SagaResult?> RunAsync(PhotoSet photos, int images, int inFlight, int idleUploads, SagaDeployment deployment,
        BenchmarkServers servers, IReadOnlyDictionary<string, string?> overrides, int alternatingPairs = 0, int alternatingImages = 0)
    {
        if (deployment == SagaDeployment.RabbitMqPostgres && servers.Missing(rabbitMq: true, postgres: true) is { } missing)
        {
            Console.WriteLine($"  skipped: {missing}");
            return null;
        }

        var dataFolder = Path.Combine(Path.GetTempPath(), $"imagesaga-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataFolder);
        await using var virtualHost = deployment == SagaDeployment.RabbitMqPostgres
            ? await servers.CreateVirtualHostAsync()
            : null;
        await using var database = deployment == SagaDeployment.RabbitMqPostgres ? await servers.CreateDatabaseAsync() : null;
        var settings = new Dictionary<string, string?>
        {
            // The analysis pipeline the bare loop is compared with: the six analysis steps and the orchestrator. Enrichment
            // and notifications (per-user database work after the join) are left out of this comparison.
            ["ImageSaga:Services"] = "orchestrator,metadata,detection,classification,faces,moderation",
            ["ImageSaga:Analysis:Steps:enrichment:Enabled"] = "false",
            ["ImageSaga:Bus:Transport"] = deployment == SagaDeployment.Embedded ? "InMemory" : "RabbitMQ",
            ["ImageSaga:Persistence:Provider"] = deployment == SagaDeployment.Embedded ? "Sqlite" : "Postgres",
            ["ImageSaga:DataFolder"] = dataFolder,
        };
        if (virtualHost is not null && database is not null)
        {
            settings["ImageSaga:Bus:RabbitMq:Uri"] = virtualHost.AmqpUri.ToString();
            settings["ImageSaga:Persistence:ConnectionString"] = database.ConnectionString;
        }
        foreach (var (key, value) in overrides)
            settings[key] = value;

        try
        {
            var tracker = new OutcomeTracker();
            using var host = await StartHostAsync(settings, tracker);
            var store = host.Services.GetRequiredService<IImageStore>();
            var bus = host.Services.GetRequiredService<IBus>();

            // Warm-up: every photo once, concurrently, so ONNX sessions, EF Core and the pools are warm; then the same load
            // as measured until tiered compilation has settled (see JitWarmUp).
            await Task.WhenAll(Enumerable.Range(0, photos.Count).Select(i => UploadAsync(store, bus, tracker, photos[i])));
            var warmUp = await JitWarmUp.UntilSettledAsync(
                count => ClosedLoopAsync(store, bus, tracker, photos, count, inFlight, onFinished: null), imagesPerRound: 3 * photos.Count, maxRounds: 25);
            Console.WriteLine($"  warm-up: {photos.Count + warmUp.Images} images in {warmUp.Rounds} round(s); methods compiled in the last: {warmUp.MethodsInLastRound}");
            var idle = new List<double>(IdleUploads);
            for (var i = 0; i < IdleUploads; i++)
                idle.Add((await UploadAsync(store, bus, tracker, photos[i])).TotalMilliseconds);
            var latencyPhoto = photos.Photos.FirstOrDefault(photo => photo.FileName == LatencyPhotoName) ?? photos[0];
            var idle640 = new List<double>(idleUploads);
            for (var i = 0; i < idleUploads; i++)
                idle640.Add((await UploadAsync(store, bus, tracker, latencyPhoto)).TotalMilliseconds);
            var idleSummary = Summarize(idle640);
            Console.WriteLine($"  idle: single upload → outcome over the photos p50 {Percentiles.Of(idle, 50):F0} ms, p95 {Percentiles.Of(idle, 95):F0} ms; "
                + $"{latencyPhoto.FileName} x{idleUploads}: p50 {idleSummary.P50Ms:F0}, p95 {idleSummary.P95Ms:F0}, p99 {idleSummary.P99Ms:F0} ms");

            var result = await LoadAsync(store, bus, tracker, photos, images, inFlight);
            // After the load run, so its memory figures do not include the bare loop's copy of the models.
            AlternatingResult? alternating = null;
            if (alternatingPairs > 0)
            {
                Console.WriteLine($"  alternating with the bare loop: {alternatingPairs} pairs of {alternatingImages} images each");
                alternating = await AlternatingBlocks.RunAsync(store, bus, tracker, photos, alternatingPairs, alternatingImages, inFlight);
            }

            await host.StopAsync();
            return result with
            {
                Deployment = deployment,
                IdleLatency = Summarize(idle),
                IdleLatency640 = idleSummary,
                Alternating = alternating,
                LatencyPhoto = latencyPhoto.FileName,
                WarmUp = warmUp with { Images = photos.Count + warmUp.Images },
                Settings = settings.Where(setting => setting.Key is not ("ImageSaga:Bus:RabbitMq:Uri" or "ImageSaga:Persistence:ConnectionString"))
                    .ToDictionary(),
            };
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            ScratchFolder.Delete(dataFolder);
        }
    }

    static async Task<SagaResult> LoadAsync(IImageStore store, IBus bus, OutcomeTracker tracker, PhotoSet photos, int images, int inFlight)
    {
        var completedAt = new double[images];
        var latencies = new double[images];
        var finished = 0;
        var failedBefore = tracker.Failed;
        var marks = new[] { (0.10, "10 %"), (0.25, "25 %"), (0.50, "50 %"), (0.75, "75 %"), (1.00, "100 %") }
            .Select(mark => (Count: Math.Max(1, (int)Math.Round(mark.Item1 * images)), Label: mark.Item2))
            .ToArray();
        var memory = new List<MemoryPoint>();

        await using var sampler = new MemorySampler(() => Volatile.Read(ref finished));
        var before = sampler.Sample();
        memory.Add(new MemoryPoint("before (after warm-up)", before));
        var cpu = new CpuMeter();
        var jit = new JitMeter();
        var started = Stopwatch.GetTimestamp();
        var lastReport = started;
        var interval = new IntervalMeter();

        void Finished(int index, TimeSpan latency)
        {
            latencies[index] = latency.TotalMilliseconds;
            var done = Interlocked.Increment(ref finished);
            completedAt[done - 1] = Stopwatch.GetElapsedTime(started).TotalSeconds;
            foreach (var mark in marks.Where(mark => mark.Count == done))
            {
                lock (memory)
                    memory.Add(new MemoryPoint(mark.Label, sampler.Sample()));
            }

            if (Stopwatch.GetElapsedTime(Interlocked.Read(ref lastReport)).TotalSeconds >= 15)
            {
                Interlocked.Exchange(ref lastReport, Stopwatch.GetTimestamp());
                Console.WriteLine($"  {done}/{images} images, {done / Stopwatch.GetElapsedTime(started).TotalSeconds:F2} images/s, "
                    + $"RSS {Environment.WorkingSet / 1048576.0:F0} MB; last interval: {interval.Next(done)}");
            }
        }

        await ClosedLoopAsync(store, bus, tracker, photos, images, inFlight, Finished);
        var elapsed = Stopwatch.GetElapsedTime(started);

        // Steady state: the middle 80 % of completions, past the ramp-up and before the last uploaders drain.
        var from = Math.Max(0, (int)(images * 0.10) - 1);
        var to = Math.Max(from + 1, (int)(images * 0.90) - 1);
        var steady = (to - from) / Math.Max(1e-9, completedAt[to] - completedAt[from]);
        var samples = sampler.Samples;

        using var process = Process.GetCurrentProcess();
        var cpuUsage = cpu.Stop();
        var jitUsage = jit.Stop(images);
        Console.WriteLine($"  steady {steady:F2} images/s, whole run {images / elapsed.TotalSeconds:F2} images/s; CPU: {cpuUsage}; {jitUsage}");
        return new SagaResult(
            SagaDeployment.Embedded,
            images,
            inFlight,
            elapsed,
            steady,
            images / elapsed.TotalSeconds,
            tracker.Failed - failedBefore,
            Summarize(latencies),
            Summarize([]),
            Summarize([]),
            "",
            memory.OrderBy(point => point.Sample.At).ToList(),
            process.PeakWorkingSet64,
            samples.Max(sample => sample.WorkingSetBytes),
            cpuUsage,
            jitUsage,
            new WarmUpResult(0, 0, 0),
            new Dictionary<string, string?>());
    }

    /// <summary>
    /// A closed loop: each of <paramref name="inFlight"/> uploaders waits for its image's outcome before uploading the
    /// next, so the saga always has that many images in progress and the step deadlines measure work, not a backlog.
    /// </summary>
    internal static async Task ClosedLoopAsync(IImageStore store, IBus bus, OutcomeTracker tracker, PhotoSet photos, int images, int inFlight,
        Action<int, TimeSpan>? onFinished)
    {
        var next = -1;

        async Task UploaderAsync()
        {
            while (true)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= images)
                    return;
                var latency = await UploadAsync(store, bus, tracker, photos[index]).WaitAsync(TimeSpan.FromMinutes(5));
                onFinished?.Invoke(index, latency);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => Task.Run(UploaderAsync)));
    }

    internal static async Task<TimeSpan> UploadAsync(IImageStore store, IBus bus, OutcomeTracker tracker, Photo photo)
    {
        var imageId = Guid.NewGuid();
        var key = StorageKey.ForOriginal(imageId, photo.Extension);
        var outcome = tracker.Start(imageId);
        var (bytes, sha256) = photo.DistinctCopy(imageId);
        using (var content = new MemoryStream(bytes, writable: false))
            await store.WriteAsync(key, content, CancellationToken.None);
        await bus.Publish(new ImageUploaded
        {
            ImageId = imageId,
            UserId = "benchmark",
            StorageKey = key,
            Sha256 = sha256,
            ContentType = photo.ContentType,
            Length = bytes.Length,
            OriginalFileName = photo.FileName,
            UploadedAt = DateTimeOffset.UtcNow,
        });
        return await outcome;
    }

    static async Task<IHost> StartHostAsync(IReadOnlyDictionary<string, string?> settings, OutcomeTracker tracker)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        // MassTransit binds a process-wide log context to the first logger factory; a never-disposed null factory keeps
        // the output to the benchmark's own lines.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        builder.Configuration.AddInMemoryCollection(settings);

        var services = ServiceSelection.Parse(builder.Configuration["ImageSaga:Services"]);
        builder.AddImageSagaPersistence();
        builder.AddOrchestratorServices();
        builder.AddMetadataServices();
        builder.AddVisionServices(services);
        builder.Services.AddSingleton(tracker);
        builder.AddImageSagaDefaults(bus =>
        {
            bus.AddOrchestrator(builder.Configuration);
            bus.AddMetadataConsumers();
            bus.AddVisionConsumers(services);
            bus.AddConsumer<OutcomeConsumer>().Endpoint(endpoint => endpoint.Name = "benchmark-outcomes");
        });

        var host = builder.Build();
        await host.Services.MigrateImageSagaDatabaseAsync();
        await host.StartAsync();
        return host;
    }

    static LatencySummary Summarize(IReadOnlyCollection<double> samples) => LatencySummary.Of(samples);
}
