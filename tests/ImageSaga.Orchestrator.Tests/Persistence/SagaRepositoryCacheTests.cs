using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Persistence;
using ImageSaga.Orchestrator.Steps;
using ImageSaga.Orchestrator.Tests.Support;
using ImageSaga.ServiceDefaults;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImageSaga.Orchestrator.Tests.Persistence;

/// <summary>
/// The EF repository with its cache of committed instances, on a real SQLite file and the in-memory transport (no
/// servers): each message must continue from what the database holds, whoever wrote it last.
/// </summary>
public sealed class SagaRepositoryCacheTests : IAsyncLifetime
{
    readonly string _folder = Directory.CreateTempSubdirectory("imagesaga-repository-").FullName;
    IHost? _host;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_message_continues_from_the_committed_state()
    {
        var host = await StartAsync(verifyBeforeUse: false);
        var bus = host.Services.GetRequiredService<IBus>();
        var imageId = Guid.NewGuid();

        await bus.Publish(Samples.Upload(imageId), Token);
        await WaitForAsync(host, imageId, saga => saga.CurrentState == "Analyzing");
        await bus.Publish(new MetadataExtracted { ImageId = imageId, Metadata = Samples.Metadata }, Token);
        await WaitForAsync(host, imageId, saga => saga.Steps["metadata"].Status == StepStatus.Succeeded);
        var cache = host.Services.GetRequiredService<SagaInstanceCache<ImageAnalysisState>>();
        (await CountSoonAsync(cache, 1)).ShouldBe(1, "the saga in progress is kept for its next message");
        await bus.Publish(new FingerprintComputed { ImageId = imageId, Fingerprint = Samples.Fingerprint }, Token);
        var saga = await WaitForAsync(host, imageId, saga => saga.CurrentState == "Completed" && saga.OutcomeConfirmedAt is not null);

        saga.Metadata.ShouldNotBeNull();
        saga.Fingerprint.ShouldNotBeNull();
        await ShouldHaveAGaplessHistoryAsync(host, saga);
        // Settled (finished, its outcome confirmed): nothing more is due, so nothing of it stays in memory.
        (await CountSoonAsync(cache, 0)).ShouldBe(0);
    }

    /// <summary>The cache's count once it is <paramref name="expected"/> or after 5 s: it changes just after the commit the test sees.</summary>
    static async Task<int> CountSoonAsync(SagaInstanceCache<ImageAnalysisState> cache, int expected)
    {
        for (var waited = 0; cache.Count != expected && waited < 5000; waited += 20)
            await Task.Delay(20, Token);
        return cache.Count;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_saga_moved_on_by_another_writer_is_reloaded_not_overwritten(bool verifyBeforeUse)
    {
        var host = await StartAsync(verifyBeforeUse);
        var bus = host.Services.GetRequiredService<IBus>();
        var imageId = Guid.NewGuid();
        await bus.Publish(Samples.Upload(imageId), Token);
        await WaitForAsync(host, imageId, saga => saga.CurrentState == "Analyzing");

        // Another orchestrator handles a message of this saga: the row moves on, this process's copy is now stale.
        await using (var other = host.Services.GetRequiredService<IImageSagaDbContextFactory>().CreateDbContext())
        {
            var row = await other.ImageAnalyses.SingleAsync(saga => saga.CorrelationId == imageId, Token);
            row.Warnings.Add("written by another process");
            other.Entry(row).Property(saga => saga.Warnings).IsModified = true;
            row.Version++;
            await other.SaveChangesAsync(Token);
        }

        await bus.Publish(new MetadataExtracted { ImageId = imageId, Metadata = Samples.Metadata }, Token);
        var saga = await WaitForAsync(host, imageId, saga => saga.Steps["metadata"].Status == StepStatus.Succeeded);

        saga.Warnings.ShouldBe(["written by another process"]);
        saga.Metadata.ShouldNotBeNull();
        saga.Version.ShouldBe(3);
    }

    async Task<IHost> StartAsync(bool verifyBeforeUse)
    {
        var builder = Host.CreateApplicationBuilder();
        // MassTransit binds a process-wide log context to the first logger factory it sees: a shared, never-disposed one.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImageSaga:Bus:Transport"] = "InMemory",
            ["ImageSaga:Persistence:Provider"] = "Sqlite",
            ["ImageSaga:DataFolder"] = _folder,
            ["ImageSaga:Telemetry:Prometheus"] = "false",
            ["ImageSaga:Analysis:Steps:detection:Enabled"] = "false",
            ["ImageSaga:Analysis:Steps:classification:Enabled"] = "false",
            ["ImageSaga:Analysis:Steps:faces:Enabled"] = "false",
            ["ImageSaga:Analysis:Steps:moderation:Enabled"] = "false",
            ["ImageSaga:Analysis:Steps:enrichment:Enabled"] = "false",
        });
        // Registered first, so the repository uses this policy rather than the transport's.
        builder.Services.AddSingleton(new SagaInstanceCache<ImageAnalysisState>(verifyBeforeUse));
        builder.AddImageSagaPersistence();
        builder.AddOrchestratorServices();
        builder.AddImageSagaDefaults(bus => bus.AddOrchestrator(builder.Configuration));

        _host = builder.Build();
        await _host.Services.MigrateImageSagaDatabaseAsync(Token);
        await _host.StartAsync(Token);
        return _host;
    }

    static async Task<ImageAnalysisState> WaitForAsync(IHost host, Guid imageId, Func<ImageAnalysisState, bool> condition)
    {
        var factory = host.Services.GetRequiredService<IImageSagaDbContextFactory>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            await using var db = factory.CreateDbContext();
            var saga = await db.ImageAnalyses.AsNoTracking().SingleOrDefaultAsync(s => s.CorrelationId == imageId, Token);
            if (saga is not null && condition(saga))
                return saga;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Saga {imageId} is {saga?.CurrentState ?? "missing"}, and the condition does not hold.");
            await Task.Delay(50, Token);
        }
    }

    static async Task ShouldHaveAGaplessHistoryAsync(IHost host, ImageAnalysisState saga)
    {
        await using var db = host.Services.GetRequiredService<IImageSagaDbContextFactory>().CreateDbContext();
        var sequences = await db.ExecutionHistory.AsNoTracking().Where(entry => entry.SagaId == saga.CorrelationId)
            .OrderBy(entry => entry.Sequence).Select(entry => entry.Sequence).ToListAsync(Token);
        sequences.ShouldBe(Enumerable.Range(0, saga.HistoryLength));
        saga.Version.ShouldBe(saga.HistoryLength);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None);
            _host.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
