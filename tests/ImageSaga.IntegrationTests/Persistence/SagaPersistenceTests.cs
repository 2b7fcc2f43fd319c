using ImageSaga.IntegrationTests.Infrastructure;
using ImageSaga.Orchestrator;
using ImageSaga.Orchestrator.Persistence;
using ImageSaga.Orchestrator.Steps;
using ImageSaga.ServiceDefaults.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageSaga.IntegrationTests.Persistence;

/// <summary>Our EF Core saga repository on both providers: real SQLite files and a real PostgreSQL server.</summary>
public sealed class SagaPersistenceTests : IAsyncLifetime
{
    readonly ProviderDatabases _databases = new("persistence");

    public static TheoryData<string> Providers => ProviderDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Concurrent_replies_for_one_saga_never_lose_an_update(string provider)
    {
        const int sagas = 60;
        var recorder = new OutcomeRecorder();
        using var host = await InProcessOrchestrator.StartAsync(provider, await _databases.ConnectionStringAsync(provider), _databases.DataFolder,
            withSteps: true, recorder, duplicateReplies: 2);
        var bus = host.Services.GetRequiredService<IBus>();

        var ids = Enumerable.Range(0, sagas).Select(_ => Guid.NewGuid()).ToList();
        await Task.WhenAll(ids.Select(id => bus.Publish(InProcessOrchestrator.Upload(id))));
        await recorder.WaitForDistinctImagesAsync(sagas, TimeSpan.FromSeconds(90));

        // Late duplicates and the outcome confirmations are still arriving: read once every saga has confirmed its
        // outcome and the history has stopped growing.
        await using var db = host.Services.GetRequiredService<IImageSagaDbContextFactory>().CreateDbContext();
        var settled = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var previous = -1;
        while (true)
        {
            var entries = await db.ExecutionHistory.CountAsync(entry => ids.Contains(entry.SagaId));
            var unconfirmed = await db.ImageAnalyses.CountAsync(saga => ids.Contains(saga.CorrelationId) && saga.OutcomeConfirmedAt == null);
            if ((entries == previous && unconfirmed == 0) || DateTime.UtcNow > settled)
                break;
            previous = entries;
            await Task.Delay(1000);
        }

        var states = await db.ImageAnalyses.AsNoTracking().Where(saga => ids.Contains(saga.CorrelationId)).ToListAsync();
        states.Count.ShouldBe(sagas);
        states.ShouldAllBe(saga => saga.CurrentState == "Completed" && saga.Metadata != null && saga.Fingerprint != null);
        states.ShouldAllBe(saga => saga.Steps.Values.All(step => step.Status == StepStatus.Succeeded));

        // Every transition is in the history exactly once, numbered without gaps, and the version counts them.
        var history = await db.ExecutionHistory.AsNoTracking().Where(entry => ids.Contains(entry.SagaId)).ToListAsync();
        foreach (var saga in states)
        {
            var entries = history.Where(entry => entry.SagaId == saga.CorrelationId).OrderBy(entry => entry.Sequence).ToList();
            entries.Select(entry => entry.Sequence).ShouldBe(Enumerable.Range(0, entries.Count));
            entries.Count.ShouldBe(saga.HistoryLength);
            saga.Version.ShouldBe(saga.HistoryLength);
            entries.Count(entry => entry.ToState == "Completed" && entry.FromState == "Analyzing").ShouldBe(1);
        }

        // Three replies per step arrived for every saga; only the first counted, so exactly one outcome per image.
        recorder.Deliveries.Count.ShouldBe(sagas);
        await host.StopAsync();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_saga_survives_a_restart_and_resends_the_commands_it_lost(string provider)
    {
        var connectionString = await _databases.ConnectionStringAsync(provider);
        var imageId = Guid.NewGuid();

        // First life: nobody serves the steps, so the commands are lost with the in-memory transport at shutdown.
        using (var first = await InProcessOrchestrator.StartAsync(provider, connectionString, _databases.DataFolder, withSteps: false, stepTimeoutSeconds: 1.5))
        {
            await first.Services.GetRequiredService<IBus>().Publish(InProcessOrchestrator.Upload(imageId));
            await WaitForStateAsync(first, imageId, "Analyzing");
            await first.StopAsync();
        }

        // Second life, same database: the stored deadline comes due and the saga sends its steps again.
        var recorder = new OutcomeRecorder();
        using var second = await InProcessOrchestrator.StartAsync(provider, connectionString, _databases.DataFolder, withSteps: true, recorder,
            stepTimeoutSeconds: 1.5);
        await recorder.WaitForDistinctImagesAsync(1, TimeSpan.FromSeconds(30));
        var saga = await WaitForStateAsync(second, imageId, "Completed");
        saga.Steps.Values.ShouldAllBe(step => step.Attempts == 2);

        await using var db = second.Services.GetRequiredService<IImageSagaDbContextFactory>().CreateDbContext();
        var events = await db.ExecutionHistory.AsNoTracking().Where(entry => entry.SagaId == imageId)
            .OrderBy(entry => entry.Sequence).Select(entry => entry.Event).ToListAsync();
        events.First().ShouldBe("ImageUploaded");
        events.ShouldContain("ImageAnalysisDeadlineReached");
        await second.StopAsync();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_stale_copy_of_a_saga_cannot_overwrite_a_newer_one(string provider)
    {
        using var host = await InProcessOrchestrator.StartAsync(provider, await _databases.ConnectionStringAsync(provider), _databases.DataFolder, withSteps: false);
        var factory = host.Services.GetRequiredService<IImageSagaDbContextFactory>();
        var imageId = Guid.NewGuid();
        await using (var db = factory.CreateDbContext())
        {
            db.ImageAnalyses.Add(new ImageAnalysisState { CorrelationId = imageId, CurrentState = "Analyzing", Version = 1 });
            await db.SaveChangesAsync();
        }

        await using var first = factory.CreateDbContext();
        await using var second = factory.CreateDbContext();
        var a = await first.ImageAnalyses.SingleAsync(saga => saga.CorrelationId == imageId);
        var b = await second.ImageAnalyses.SingleAsync(saga => saga.CorrelationId == imageId);
        // As the repository writes: the whole row, conditional on the version that was read.
        a.Warnings.Add("first writer");
        first.Entry(a).State = EntityState.Modified;
        a.Version++;
        await first.SaveChangesAsync();

        b.Warnings.Add("second writer");
        second.Entry(b).State = EntityState.Modified;
        b.Version++;
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = factory.CreateDbContext();
        (await check.ImageAnalyses.AsNoTracking().SingleAsync(saga => saga.CorrelationId == imageId)).Warnings.ShouldBe(["first writer"]);
        await host.StopAsync();
    }

    [Theory]
    [InlineData(null, 1L)]
    [InlineData("Full", 2L)]
    [InlineData("Normal", 1L)]
    public async Task Sqlite_connections_use_the_configured_synchronous_mode_and_let_sqlite_wait_for_the_write_lock(string? setting, long expected)
    {
        var settings = setting is null ? null : new Dictionary<string, string?> { ["ImageSaga:Persistence:SqliteSynchronous"] = setting };
        using var host = await InProcessOrchestrator.StartAsync("Sqlite", await _databases.ConnectionStringAsync("Sqlite"), _databases.DataFolder, withSteps: false,
            settings: settings);

        // The pragmas belong to each connection: every context the repository opens must carry them (synchronous 1 is
        // NORMAL, 2 FULL). Without busy_timeout, a writer that finds the file locked would sleep 150 ms in
        // Microsoft.Data.Sqlite's retry loop instead of SQLite's handler retrying within milliseconds.
        for (var i = 0; i < 3; i++)
        {
            await using var db = host.Services.GetRequiredService<IImageSagaDbContextFactory>().CreateDbContext();
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA synchronous;";
            (await command.ExecuteScalarAsync()).ShouldBe(expected);
            command.CommandText = "PRAGMA busy_timeout;";
            (await command.ExecuteScalarAsync()).ShouldBe((long)SqliteConnectionSettingsInterceptor.BusyTimeout.TotalMilliseconds);
        }

        await host.StopAsync();
    }

    static async Task<ImageAnalysisState> WaitForStateAsync(IHost host, Guid imageId, string state)
    {
        var factory = host.Services.GetRequiredService<IImageSagaDbContextFactory>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await using var db = factory.CreateDbContext();
            var saga = await db.ImageAnalyses.AsNoTracking().SingleOrDefaultAsync(s => s.CorrelationId == imageId);
            if (saga?.CurrentState == state)
                return saga;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Saga {imageId} is {saga?.CurrentState ?? "missing"}, not {state}.");
            await Task.Delay(100);
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _databases.DisposeAsync();
}
