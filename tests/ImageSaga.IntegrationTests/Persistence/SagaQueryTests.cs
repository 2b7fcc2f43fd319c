using ImageSaga.Api.Images;
using ImageSaga.Contracts;
using ImageSaga.IntegrationTests.Infrastructure;
using ImageSaga.Orchestrator;
using ImageSaga.Orchestrator.Persistence;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSaga.IntegrationTests.Persistence;

/// <summary>The saga as something to query: the list behind <c>GET /api/images</c>, and the status request over the bus.</summary>
public sealed class SagaQueryTests : IAsyncLifetime
{
    static readonly DateTime T0 = new(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);
    readonly ProviderDatabases _databases = new("queries");

    public static TheoryData<string> Providers => ProviderDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Lists_by_filter_in_stable_cursor_pages_with_counts_by_state(string provider)
    {
        using var host = await InProcessOrchestrator.StartAsync(provider, await _databases.ConnectionStringAsync(provider), _databases.DataFolder, withSteps: false);
        var factory = host.Services.GetRequiredService<IImageSagaDbContextFactory>();
        var seeded = await SeedAsync(factory);

        // Every page of 4, following nextCursor, gives alice's images newest first, each once (three share a timestamp).
        var pages = new List<ImageListPage>();
        (DateTime, Guid)? after = null;
        do
        {
            var page = await ImageListQuery.RunAsync(factory, new ImageListFilter(null, "alice", null, null, null), after, 4, CancellationToken.None);
            pages.Add(page);
            after = page.NextCursor is null ? null : ImageListQuery.DecodeCursor(page.NextCursor);
        }
        while (after is not null);

        var alice = seeded.Where(row => row.UserId == "alice").OrderByDescending(row => row.CreatedAt).ThenByDescending(row => row.CorrelationId).ToList();
        pages.SelectMany(page => page.Items).Select(item => item.ImageId).ShouldBe(alice.Select(row => row.CorrelationId));
        pages.Count.ShouldBe(4, "15 images in pages of 4");
        pages[0].CountsByState.OrderBy(pair => pair.Key).ShouldBe(
            alice.GroupBy(row => row.CurrentState).ToDictionary(group => group.Key, group => group.Count()).OrderBy(pair => pair.Key));
        pages[0].CountsByState.Keys.ShouldBe(["Analyzing", "Completed", "Failed"], ignoreOrder: true);

        var failed = await ImageListQuery.RunAsync(factory, new ImageListFilter("Failed", "alice", null, null, null), null, 50, CancellationToken.None);
        failed.Items.Count.ShouldBe(alice.Count(row => row.CurrentState == "Failed"));
        failed.Items.Count.ShouldBeGreaterThan(0);
        failed.Items.ShouldAllBe(item => item.State == "Failed" && item.FailureReason == "corrupt");

        var cats = await ImageListQuery.RunAsync(factory, new ImageListFilter(null, null, "cat", null, null), null, 50, CancellationToken.None);
        cats.Items.Select(item => item.ImageId).ShouldBe(seeded.Where(row => row.LabelIndex.Contains("|cat|", StringComparison.Ordinal))
            .OrderByDescending(row => row.CreatedAt).ThenByDescending(row => row.CorrelationId).Select(row => row.CorrelationId));
        cats.Items.ShouldAllBe(item => item.Labels.Contains("cat"));
        (await ImageListQuery.RunAsync(factory, new ImageListFilter(null, null, "ca", null, null), null, 50, CancellationToken.None))
            .Items.ShouldBeEmpty("a label matches whole, not as a prefix");

        var window = await ImageListQuery.RunAsync(factory, new ImageListFilter(null, null, null, T0.AddHours(5), T0.AddHours(10)), null, 50,
            CancellationToken.None);
        window.Items.ShouldAllBe(item => item.CreatedAt >= T0.AddHours(5) && item.CreatedAt < T0.AddHours(10));
        window.Items.Count.ShouldBe(seeded.Count(row => row.CreatedAt >= T0.AddHours(5) && row.CreatedAt < T0.AddHours(10)));
        await host.StopAsync();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Answers_a_status_request_over_the_bus_from_the_saga_and_says_not_found(string provider)
    {
        var recorder = new OutcomeRecorder();
        using var host = await InProcessOrchestrator.StartAsync(provider, await _databases.ConnectionStringAsync(provider), _databases.DataFolder, withSteps: true, recorder);
        var bus = host.Services.GetRequiredService<IBus>();
        var imageId = Guid.NewGuid();
        await bus.Publish(InProcessOrchestrator.Upload(imageId));
        await recorder.WaitForDistinctImagesAsync(1, TimeSpan.FromSeconds(30));

        var client = bus.CreateRequestClient<GetImageAnalysisStatus>(TimeSpan.FromSeconds(10));
        var found = await client.GetResponse<ImageAnalysisStatusReport, ImageAnalysisNotFound>(new GetImageAnalysisStatus { ImageId = imageId });
        found.Is(out Response<ImageAnalysisStatusReport>? report).ShouldBeTrue();
        report!.Message.State.ShouldBe("Completed");
        report.Message.UserId.ShouldBe("tester");
        report.Message.Steps["metadata"].ShouldBe("Succeeded");
        report.Message.HistoryLength.ShouldBeGreaterThanOrEqualTo(3);

        var unknown = Guid.NewGuid();
        var missing = await client.GetResponse<ImageAnalysisStatusReport, ImageAnalysisNotFound>(new GetImageAnalysisStatus { ImageId = unknown });
        missing.Is(out Response<ImageAnalysisNotFound>? notFound).ShouldBeTrue();
        notFound!.Message.ImageId.ShouldBe(unknown);
        await host.StopAsync();
    }

    static async Task<List<ImageAnalysisState>> SeedAsync(IImageSagaDbContextFactory factory)
    {
        var rows = new List<ImageAnalysisState>();
        for (var i = 0; i < 25; i++)
        {
            var user = i < 15 ? "alice" : "bob";
            var state = i is >= 12 and < 15 ? "Analyzing" : i % 5 is 0 or 3 ? "Failed" : "Completed";
            rows.Add(new ImageAnalysisState
            {
                CorrelationId = Guid.NewGuid(),
                UserId = user,
                CurrentState = state,
                OriginalFileName = $"photo-{i}.jpg",
                // Three images share one timestamp, so the cursor's tie-break on the id is exercised.
                CreatedAt = i is 4 or 5 or 6 ? T0.AddHours(4) : T0.AddHours(i),
                UpdatedAt = T0.AddHours(i),
                FailureReason = state == "Failed" ? "corrupt" : null,
                LabelIndex = i % 3 == 0 ? "|cat|dog|" : i % 3 == 1 ? "|cup|" : "",
            });
        }

        await using var db = factory.CreateDbContext();
        db.ImageAnalyses.AddRange(rows);
        await db.SaveChangesAsync();
        return rows;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _databases.DisposeAsync();
}
