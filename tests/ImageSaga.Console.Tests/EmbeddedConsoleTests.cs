using System.Text.Json;
using System.Text.RegularExpressions;
using ImageSaga.Console.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ImageSaga.Console.Tests;

/// <summary>The console served by the embedded default (no key needed on loopback), driven in chromium.</summary>
public sealed partial class EmbeddedConsoleTests(EmbeddedConsole console) : IClassFixture<EmbeddedConsole>
{
    static readonly LocatorAssertionsToHaveTextOptions UntilFinished = new() { Timeout = 90_000 };

    [Fact]
    public async Task A_dropped_photo_reaches_Completed_in_the_executions_list_without_reloading()
    {
        await using var tab = await console.OpenAsync();
        var page = tab.Page;
        await tab.GotoAsync("#/upload");
        await tab.MarkDocumentAsync();

        await tab.DropFilesAsync("#dropzone", TestImages.PathOf(Photos.Bus));
        var followed = page.Locator("#uploads li[data-image-id]");
        await Expect(followed).ToHaveCountAsync(1);
        var imageId = await followed.GetAttributeAsync("data-image-id");

        await page.Locator("[data-nav=executions]").ClickAsync();
        var row = page.Locator($"#executions tr[data-image-id='{imageId}']");
        await Expect(row.Locator(".badge.state")).ToHaveTextAsync("Completed", UntilFinished);
        await Expect(row.Locator(".chip[data-label=bus]")).ToBeVisibleAsync();
        await Expect(row.Locator("td[data-label=User]")).ToHaveTextAsync("local");
        await Expect(page.Locator(".counts [data-state=Completed] .n")).Not.ToHaveTextAsync("0");
        await tab.ScreenshotAsync("executions-list");

        (await tab.IsSameDocumentAsync()).ShouldBeTrue("the list follows the execution by itself; the page is never reloaded");
        (await page.Locator("#key-dialog[open]").CountAsync()).ShouldBe(0, "the embedded host on loopback needs no key");
        tab.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_execution_shows_the_saga_with_its_final_state_lit_and_the_detections_over_the_thumbnail()
    {
        var imageId = await console.CompletedBusPhotoAsync();
        using var api = new ImageSagaApi((await console.HostAsync()).BaseAddress);
        var status = (await api.GetStatusAsync(imageId))!.Value;
        await using var tab = await console.OpenAsync();
        var page = tab.Page;
        await tab.GotoAsync($"#/executions/{imageId}");

        // The graph is the state machine's own description, with this execution drawn over it.
        var graph = page.Locator("#graph svg.machine");
        await Expect(graph.Locator(".node.current")).ToHaveAttributeAsync("data-state", "Completed");
        await Expect(graph.Locator(".node.current")).ToHaveCountAsync(1);
        await Expect(graph.Locator(".node[data-state=Analyzing] .step[data-status=Succeeded]")).ToHaveCountAsync(6);
        await Expect(graph.Locator(".node[data-state=Enriching] .step[data-step=enrichment]")).ToHaveAttributeAsync("data-status", "Succeeded");
        foreach (var (from, to) in new[] { ("Initial", "Analyzing"), ("Analyzing", "Enriching"), ("Enriching", "Completed") })
            await Expect(graph.Locator($".edge.taken[data-from={from}][data-to={to}]")).ToHaveCountAsync(1);
        foreach (var state in new[] { "Initial", "Analyzing", "Enriching", "AwaitingReview", "Completed", "Failed", "Rejected", "Cancelled" })
            await Expect(graph.Locator($".node[data-state={state}]")).ToHaveCountAsync(1);

        // The thumbnail, with one box per detected object where the API says it is (upright pixels, scaled).
        var picture = page.Locator("figure.thumb");
        await Expect(picture).ToHaveClassAsync(LoadedClass());
        var objects = status.GetProperty("detection").GetProperty("objects").EnumerateArray().ToList();
        objects.Count(o => o.GetProperty("label").GetString() == "bus").ShouldBeGreaterThan(0, "the photo shows two buses");
        await Expect(picture.Locator("svg.boxes rect.object")).ToHaveCountAsync(objects.Count);
        await Expect(picture.Locator("svg.boxes rect.object[data-label=bus]").First).ToBeVisibleAsync();
        var shown = (await picture.Locator("img").BoundingBoxAsync())!;
        var scale = shown.Width / status.GetProperty("metadata").GetProperty("orientedWidth").GetInt32();
        var firstBus = objects.First(o => o.GetProperty("label").GetString() == "bus").GetProperty("box");
        var drawn = (await picture.Locator("svg.boxes rect.object[data-label=bus]").First.BoundingBoxAsync())!;
        drawn.X.ShouldBe(shown.X + firstBus.GetProperty("x").GetSingle() * scale, 3);
        drawn.Y.ShouldBe(shown.Y + firstBus.GetProperty("y").GetSingle() * scale, 3);
        drawn.Width.ShouldBe(firstBus.GetProperty("width").GetSingle() * scale, 3);
        (await picture.Locator("img").EvaluateAsync<int>("img => img.naturalWidth")).ShouldBe(256, "the stored 256-px thumbnail");

        // Results, steps and the history as a timeline.
        await Expect(page.Locator("#labels .chip[data-label=bus]")).ToBeVisibleAsync();
        await Expect(page.Locator("#steps tr[data-status=Succeeded]")).ToHaveCountAsync(7);
        await Expect(page.Locator("#history li[data-event=ImageUploaded]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#history li.moved").Last).ToContainTextAsync("Completed");
        await Expect(page.Locator("#cancel")).ToBeDisabledAsync();
        await Expect(page.Locator("#redrive")).ToBeDisabledAsync();
        // The README's picture: the graph, the picture with its boxes and the steps (the page's top part).
        await tab.ScreenshotAsync("execution-page", docsImage: "console-execution.png", height: 1160);
        await tab.ScreenshotAsync("execution-page-full", fullPage: true);
        tab.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Several_dropped_photos_go_as_one_batch_and_each_is_followed_to_its_outcome()
    {
        await using var tab = await console.OpenAsync();
        var page = tab.Page;
        await tab.GotoAsync("#/upload");

        await tab.DropFilesAsync("#dropzone", TestImages.PathOf(Photos.Coffee), TestImages.PathOf(Photos.Cat));
        var session = page.Locator("#uploads .upload-session").First;
        await Expect(session).ToContainTextAsync("Batch of 2 photos");
        await Expect(session.Locator("li[data-image-id]")).ToHaveCountAsync(2);
        await Expect(session.Locator("li[data-state=Completed]")).ToHaveCountAsync(2, new() { Timeout = 90_000 });
        await Expect(session).ToContainTextAsync("2 of 2 finished");
        await tab.ScreenshotAsync("upload-batch");
        tab.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_console_fits_a_phone_width_window()
    {
        var imageId = await console.CompletedBusPhotoAsync();
        await using var tab = await console.OpenAsync(width: 390, height: 844);
        var page = tab.Page;

        await tab.GotoAsync($"#/executions/{imageId}");
        // Narrow: the graph is laid out top to bottom, the columns stack, nothing scrolls sideways.
        await Expect(page.Locator("#graph svg.machine.tb .node.current")).ToHaveAttributeAsync("data-state", "Completed");
        await Expect(page.Locator("figure.thumb")).ToHaveClassAsync(LoadedClass());
        (await HorizontalOverflowAsync(page)).ShouldBe(0);
        await tab.ScreenshotAsync("phone-execution");

        await page.Locator("[data-nav=executions]").ClickAsync();
        await Expect(page.Locator($"#executions tr[data-image-id='{imageId}'] td[data-label=State]")).ToBeVisibleAsync();
        (await HorizontalOverflowAsync(page)).ShouldBe(0);
        await tab.ScreenshotAsync("phone-executions");
        tab.ScriptErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_system_page_says_the_embedded_transport_has_no_queues_and_links_the_API_reference()
    {
        await using var tab = await console.OpenAsync();
        await tab.GotoAsync("#/system");

        await Expect(tab.Page.Locator(".system .summary")).ToContainTextAsync("In-memory transport: no queues");
        await Expect(tab.Page.Locator(".links a[href='/scalar']")).ToBeVisibleAsync();
        await Expect(tab.Page.Locator(".system .page-head .badge")).ToHaveTextAsync("ready");
        tab.ScriptErrors.ShouldBeEmpty();
    }

    static async Task<int> HorizontalOverflowAsync(IPage page) =>
        await page.EvaluateAsync<int>("() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)");

    [GeneratedRegex(@"\bloaded\b")]
    private static partial Regex LoadedClass();
}
