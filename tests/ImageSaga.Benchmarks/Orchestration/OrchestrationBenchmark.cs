using System.Diagnostics;
using ImageSaga.Benchmarks.Infrastructure;
using ImageSaga.Contracts;
using ImageSaga.Orchestrator;
using ImageSaga.Orchestrator.Persistence;
using ImageSaga.ServiceDefaults;
using ImageSaga.ServiceDefaults.Messaging;
using ImageSaga.ServiceDefaults.Options;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImageSaga.Benchmarks.Orchestration;

/// <summary>
/// The cost of orchestration alone: the real <see cref="ImageAnalysisStateMachine"/> with its definition (partitioning,
/// retry, outbox), every step enabled, and step services that answer at once (<see cref="InstantStep{TCommand}"/>).
/// Run on four transport and store combinations, each on its own virtual host and database, in this process.
/// </summary>
static class OrchestrationBenchmark
{
    /// <summary>
    /// Runs every setup <paramref name="rounds"/> times in turn (A B C D A B C D), each time with its share of the sagas,
    /// and combines each setup's rounds: this machine's speed drifts by ±10 % over minutes, and in turn every setup
    /// sees the same drift, where one long block per setup would compare one minute with another.
    /// </summary>
    public static async Task<IReadOnlyList<OrchestrationResult>> RunInRoundsAsync(IReadOnlyList<OrchestrationSetup> setups, BenchmarkServers servers,
        int sagas, int inFlight, int rounds, IReadOnlyDictionary<string, string?> overrides)
    {
        var perSetup = setups.Select(_ => new List<OrchestrationResult>()).ToList();
        for (var round = 1; round <= rounds; round++)
        {
            var share = sagas / rounds + (round <= sagas % rounds ? 1 : 0);
            if (rounds > 1)
                Console.WriteLine($"  round {round} of {rounds}: {share} sagas per setup");
            for (var i = 0; i < setups.Count; i++)
                perSetup[i].Add(await RunAsync(setups[i], servers, share, inFlight, overrides));
        }

        return perSetup.Select(OrchestrationResult.Combine).ToList();
    }

    public static async Task<OrchestrationResult> RunAsync(OrchestrationSetup setup, BenchmarkServers servers, int sagas, int inFlight,
        IReadOnlyDictionary<string, string?> overrides)
    {
        if (servers.Missing(setup.Transport == BusTransport.RabbitMQ, setup.Store == SagaStore.Postgres) is { } missing)
        {
            Console.WriteLine($"  {setup.Name}: skipped, {missing}");
            return OrchestrationResult.NotRun(setup, missing);
        }

        var dataFolder = Path.Combine(Path.GetTempPath(), $"imagesaga-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataFolder);
        await using var virtualHost = setup.Transport == BusTransport.RabbitMQ
            ? await servers.CreateVirtualHostAsync()
            : null;
        await using var database = setup.Store == SagaStore.Postgres ? await servers.CreateDatabaseAsync() : null;
        var settings = new Dictionary<string, string?>
        {
            ["ImageSaga:Bus:Transport"] = setup.Transport.ToString(),
            ["ImageSaga:Bus:RabbitMq:Uri"] = virtualHost?.AmqpUri.ToString(),
            // With MassTransit's repository the database only serves the deadline sweeper and the scheduler (empty tables).
            ["ImageSaga:Persistence:Provider"] = setup.Store == SagaStore.Postgres ? "Postgres" : "Sqlite",
            ["ImageSaga:Persistence:ConnectionString"] = database is null || setup.PostgresOptions is null
                ? database?.ConnectionString
                : new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Options = setup.PostgresOptions }.ConnectionString,
            ["ImageSaga:DataFolder"] = dataFolder,
        };
        foreach (var (key, value) in overrides)
            settings[key] = value;

        try
        {
            var tracker = new OutcomeTracker();
            var counter = new SagaMessageCounter();
            using var host = await StartHostAsync(settings, setup, tracker, counter);
            var bus = host.Services.GetRequiredService<IBus>();

            var warmUp = await JitWarmUp.UntilSettledAsync(count => ClosedLoopAsync(bus, tracker, count, inFlight, onFinished: null),
                imagesPerRound: Math.Min(250, Math.Max(100, sagas / 8)), maxRounds: 10);
            // Let the last outcome confirmations of the warm-up reach the saga before counting.
            await Task.Delay(500);

            var latencies = new double[sagas];
            var failedBefore = tracker.Failed;
            var transitionsBefore = counter.Consumed;
            var cpu = new CpuMeter();
            var jit = new JitMeter();
            var serversBefore = ServerCpu.Now();
            var ownBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            await ClosedLoopAsync(bus, tracker, sagas, inFlight, (index, latency) => latencies[index] = latency.TotalMilliseconds);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var transitions = counter.Consumed - transitionsBefore;
            var cpuUsage = cpu.Stop();
            var jitUsage = jit.Stop(sagas);
            var own = Process.GetCurrentProcess().TotalProcessorTime - ownBefore;
            var serverCpu = ServerCpu.Now() - serversBefore;

            // Per saga: wait for the last confirmations (consumed after the outcome) so the count is complete.
            var settled = Stopwatch.GetTimestamp();
            while (counter.Consumed - transitionsBefore < transitions + inFlight && Stopwatch.GetElapsedTime(settled) < TimeSpan.FromSeconds(2))
                await Task.Delay(50);
            var perSaga = (double)(counter.Consumed - transitionsBefore) / sagas;

            var result = new OrchestrationResult(setup, sagas, inFlight, elapsed, sagas / elapsed.TotalSeconds, transitions / elapsed.TotalSeconds, perSaga,
                tracker.Failed - failedBefore, LatencySummary.Of(latencies), cpuUsage, warmUp.Images,
                own.TotalMilliseconds / sagas, serverCpu.Postgres.TotalMilliseconds / sagas, serverCpu.RabbitMq.TotalMilliseconds / sagas,
                LatenciesMs: latencies, JitMsPerSaga: jitUsage.MsPerImage);
            Console.WriteLine($"  {setup.Name}: {result.SagasPerSecond:F0} sagas/s, {result.TransitionsPerSecond:F0} transitions/s "
                + $"({perSaga:F2} per saga), p50 {result.Latency.P50Ms:F0} ms; CPU: {cpuUsage}; "
                + $"CPU ms per saga: benchmark {result.BenchmarkCpuMsPerSaga:F1}, PostgreSQL {result.PostgresCpuMsPerSaga:F1}, RabbitMQ {result.RabbitMqCpuMsPerSaga:F1}; JIT {jitUsage.MsPerImage:F2} ms per saga; warm-up {warmUp.Images} sagas");
            await host.StopAsync();
            return result;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            ScratchFolder.Delete(dataFolder);
        }
    }

    /// <summary>Each of <paramref name="inFlight"/> uploaders starts a saga and waits for its outcome before the next.</summary>
    static async Task ClosedLoopAsync(IBus bus, OutcomeTracker tracker, int sagas, int inFlight, Action<int, TimeSpan>? onFinished)
    {
        var next = -1;

        async Task UploaderAsync()
        {
            while (Interlocked.Increment(ref next) is var index && index < sagas)
            {
                var imageId = Guid.NewGuid();
                var outcome = tracker.Start(imageId);
                await bus.Publish(new ImageUploaded
                {
                    ImageId = imageId,
                    UserId = "benchmark",
                    StorageKey = StorageKeyOf(imageId),
                    Sha256 = new string('a', 64),
                    ContentType = "image/jpeg",
                    Length = 12_345,
                    OriginalFileName = "benchmark.jpg",
                    UploadedAt = DateTimeOffset.UtcNow,
                });
                // Awaited on its own line: in onFinished?.Invoke(…, await …) a null callback would skip the wait.
                var latency = await outcome.WaitAsync(TimeSpan.FromMinutes(2));
                onFinished?.Invoke(index, latency);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => Task.Run(UploaderAsync)));
    }

    static string StorageKeyOf(Guid imageId) => $"originals/{imageId:N}.jpg";

    static async Task<IHost> StartHostAsync(IReadOnlyDictionary<string, string?> settings, OrchestrationSetup setup, OutcomeTracker tracker,
        SagaMessageCounter counter)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        builder.Configuration.AddInMemoryCollection(settings);

        builder.AddImageSagaPersistence();
        builder.AddOrchestratorServices();
        builder.Services.AddSingleton(tracker);
        if (setup.VerifyCachedSagas is { } verify)
            builder.Services.AddSingleton(new SagaInstanceCache<ImageAnalysisState>(verify));
        builder.AddImageSagaDefaults(bus =>
        {
            bus.AddOrchestrator(builder.Configuration);
            bus.AddConsumer<InstantStep<ExtractMetadata>>().Endpoint(endpoint => endpoint.Name = ImageSagaEndpoints.ExtractMetadata);
            bus.AddConsumer<InstantStep<ComputeFingerprint>>().Endpoint(endpoint => endpoint.Name = ImageSagaEndpoints.ComputeFingerprint);
            bus.AddConsumer<InstantStep<DetectObjects>>().Endpoint(endpoint => endpoint.Name = ImageSagaEndpoints.DetectObjects);
            bus.AddConsumer<InstantStep<ClassifyImage>>().Endpoint(endpoint => endpoint.Name = ImageSagaEndpoints.ClassifyImage);
            bus.AddConsumer<InstantStep<DetectFaces>>().Endpoint(endpoint => endpoint.Name = ImageSagaEndpoints.DetectFaces);
            bus.AddConsumer<InstantStep<ModerateContent>>().Endpoint(endpoint => endpoint.Name = ImageSagaEndpoints.ModerateContent);
            bus.AddConsumer<InstantStep<EnrichImageAnalysis>>().Endpoint(endpoint => endpoint.Name = ImageSagaEndpoints.EnrichImageAnalysis);
            bus.AddConsumer<OutcomeConsumer>().Endpoint(endpoint => endpoint.Name = "benchmark-outcomes");
        });

        // Benchmark only: the same state machine and definition on MassTransit's in-memory repository. Registered after
        // the orchestrator's, so it is the one the saga endpoint resolves.
        if (setup.Store == SagaStore.MassTransitInMemory)
            builder.Services.RegisterInMemorySagaRepository<ImageAnalysisState>();

        var host = builder.Build();
        await host.Services.MigrateImageSagaDatabaseAsync();
        await host.StartAsync();
        host.Services.GetRequiredService<IBusControl>().ConnectReceiveObserver(counter);
        return host;
    }
}
