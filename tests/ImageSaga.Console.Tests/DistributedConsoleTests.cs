using System.Net;
using System.Text.RegularExpressions;
using ImageSaga.Console.Tests.Infrastructure;
using ImageSaga.IntegrationTests.EndToEnd;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ImageSaga.Console.Tests;

/// <summary>
/// The console against RabbitMQ and PostgreSQL with API keys required and every photo flagged for review, driven in
/// chromium: the key dialog, the review queue, access control and the queues read from the management API.
/// </summary>
public sealed partial class DistributedConsoleTests(DistributedConsole console) : IClassFixture<DistributedConsole>
{
    [Fact]
    public async Task A_reviewer_enters_a_key_once_and_approves_a_flagged_photo_from_the_review_queue()
    {
        var (_, host) = await console.StartedAsync();
        using var alice = new ImageSagaApi(host.BaseAddress, await console.CreateKeyAsync("alice"));
        var rita = await console.CreateKeyAsync("rita", reviewer: true);
        var imageId = await alice.UploadAsync(TestImages.PathOf(Photos.Coffee));
        await alice.WaitForStateAsync(imageId, "AwaitingReview", DistributedConsole.Patience, console.Logs);

        await using var tab = await console.OpenAsync();
        var page = tab.Page;
        await tab.GotoAsync("#/reviews");
        // Keys are required here: the first call answers 401 and the console asks, once, for the key.
        await Expect(page.Locator("#key-dialog")).ToBeVisibleAsync();
        await page.Locator("#api-key").FillAsync(rita);
        await page.Locator("#key-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#who .user")).ToHaveTextAsync("rita");

        var card = page.Locator($"#reviews .review-card[data-image-id='{imageId}']");
        await Expect(card.Locator(".reason")).ToContainTextAsync("moderation");
        var picture = card.Locator("figure.thumb");
        await Expect(picture).ToHaveClassAsync(ClassNamed("loaded"));
        await Expect(picture).ToHaveClassAsync(ClassNamed("flagged"));
        await tab.ScreenshotAsync("review-queue");

        await card.Locator("button.reveal").ClickAsync();
        await Expect(picture).Not.ToHaveClassAsync(ClassNamed("flagged"));
        await card.Locator("button.approve").ClickAsync();
        await Expect(card.Locator(".outcome")).ToContainTextAsync("Approved");
        // The card leaves the queue once the saga has taken the decision; the analysis goes on to Completed.
        await Expect(card).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        var status = await alice.WaitForStateAsync(imageId, "Completed", DistributedConsole.Patience, console.Logs);
        status.GetProperty("review").GetProperty("decision").GetString().ShouldBe("approved");
        status.GetProperty("review").GetProperty("reviewedBy").GetString().ShouldBe("rita");
        (await page.Locator("#key-dialog[open]").CountAsync()).ShouldBe(0, "the key is asked for once and kept for the session");
        tab.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_user_sees_only_their_own_executions()
    {
        var (_, host) = await console.StartedAsync();
        var aliceKey = await console.CreateKeyAsync("alice-" + Guid.NewGuid().ToString("N")[..6]);
        using var alice = new ImageSagaApi(host.BaseAddress, aliceKey);
        using var bob = new ImageSagaApi(host.BaseAddress, await console.CreateKeyAsync("bob"));
        var hers = await alice.UploadAsync(TestImages.PathOf(Photos.Rocket));
        var his = await bob.UploadAsync(TestImages.PathOf(Photos.Cat));
        await alice.WaitForStateAsync(hers, "AwaitingReview", DistributedConsole.Patience, console.Logs);
        await bob.WaitForStateAsync(his, "AwaitingReview", DistributedConsole.Patience, console.Logs);

        await using var tab = await console.OpenAsync(aliceKey);
        var page = tab.Page;
        await tab.GotoAsync("#/executions");
        await Expect(page.Locator($"#executions tr[data-image-id='{hers}']")).ToBeVisibleAsync();
        await Expect(page.Locator("#executions tbody tr")).ToHaveCountAsync(1);
        (await page.Locator($"#executions tr[data-image-id='{his}']").CountAsync()).ShouldBe(0, "bob's image is not listed for alice");
        await Expect(page.Locator("#filter-userId")).ToBeHiddenAsync();

        // Opening his execution by id finds nothing, and neither does its thumbnail.
        await tab.GotoAsync($"#/executions/{his}");
        await Expect(page.Locator(".execution .banner")).ToContainTextAsync("another user");
        (await page.Locator("#graph .node.current").CountAsync()).ShouldBe(0);
        var thumbnail = await page.APIRequest.GetAsync($"/api/images/{his}/thumbnail",
            new APIRequestContextOptions { Headers = new Dictionary<string, string> { ["X-Api-Key"] = aliceKey } });
        thumbnail.Status.ShouldBe((int)HttpStatusCode.NotFound);

        // The queues are every user's traffic: admins only.
        await tab.GotoAsync("#/system");
        await Expect(page.Locator(".system .banner")).ToContainTextAsync("admin role");
        tab.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_system_page_shows_each_queue_with_its_consumers_from_the_RabbitMQ_management_API()
    {
        await using var tab = await console.OpenAsync(DistributedDeployment.AdminKey);
        var page = tab.Page;
        await tab.GotoAsync("#/system");

        await Expect(page.Locator(".system .summary")).ToContainTextAsync("RabbitMQ");
        var detection = page.Locator("#queues tr[data-queue='detect-objects']");
        await Expect(detection.Locator("td[data-label=Service]")).ToHaveTextAsync("detection");
        await Expect(detection.Locator("td.consumers")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        await Expect(page.Locator("#queues tr[data-queue='image-analysis-saga'] td[data-label=Service]")).ToHaveTextAsync("orchestrator");
        await Expect(page.Locator(".links a", new() { HasText = "RabbitMQ management UI" })).ToHaveAttributeAsync("href", ManagementUi());
        await tab.ScreenshotAsync("system-queues");
        tab.ScriptErrors.ShouldBeEmpty();
    }

    static Regex ClassNamed(string name) => new($@"\b{name}\b");

    [GeneratedRegex("^https?://[^@]+/#/queues/")]
    private static partial Regex ManagementUi();
}
