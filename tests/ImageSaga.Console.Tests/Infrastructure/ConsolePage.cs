using System.Text.Json;
using Microsoft.Playwright;

namespace ImageSaga.Console.Tests.Infrastructure;

/// <summary>One browser tab on the console, with what the tests do there: navigate, drop files, take screenshots.</summary>
public sealed class ConsolePage : IAsyncDisposable
{
    readonly IBrowserContext _context;
    readonly List<string> _errors = [];

    internal ConsolePage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        // Uncaught script errors fail the test at the end; console output goes to the test log for diagnosis.
        page.PageError += (_, error) =>
        {
            lock (_errors)
                _errors.Add(error);
        };
        // Captured now: the handler runs on Playwright's connection, where a write after the test ended must not throw.
        var output = TestContext.Current.TestOutputHelper;
        page.Console += (_, message) =>
        {
            try
            {
                output?.WriteLine($"[browser {message.Type}] {message.Text}");
            }
            catch (InvalidOperationException)
            {
            }
        };
    }

    public IPage Page { get; }

    public IReadOnlyList<string> ScriptErrors
    {
        get
        {
            lock (_errors)
                return [.. _errors];
        }
    }

    /// <summary>Opens a route of the console, e.g. <c>#/executions</c>.</summary>
    public async Task GotoAsync(string hash) => await Page.GotoAsync($"/{hash}");

    /// <summary>
    /// Drops files on an element as a person dragging them from their desktop would: a DataTransfer built in the page,
    /// with dragenter, dragover and drop dispatched to the element.
    /// </summary>
    public async Task DropFilesAsync(string selector, params string[] paths)
    {
        var files = paths.Select(path => new
        {
            name = Path.GetFileName(path),
            type = path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? "image/png" : "image/jpeg",
            base64 = Convert.ToBase64String(File.ReadAllBytes(path)),
        }).ToArray();
        await Page.EvaluateAsync("""
            ({ selector, files }) => {
              const transfer = new DataTransfer();
              for (const file of files) {
                const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
                transfer.items.add(new File([bytes], file.name, { type: file.type }));
              }
              const target = document.querySelector(selector);
              for (const type of ['dragenter', 'dragover', 'drop'])
                target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
            }
            """, new { selector, files });
    }

    /// <summary>Marks the document, so a test can tell afterwards that the page was never reloaded.</summary>
    public async Task MarkDocumentAsync() => await Page.EvaluateAsync("() => { window.__imagesagaTestMark = 'still here'; }");

    public async Task<bool> IsSameDocumentAsync() =>
        await Page.EvaluateAsync<string?>("() => window.__imagesagaTestMark ?? null") == "still here";

    public async Task<string> ScreenshotAsync(string name, bool fullPage = false, string? docsImage = null, int? height = null) =>
        await Screenshots.SaveAsync(Page, name, fullPage, docsImage, height: height);

    public async ValueTask DisposeAsync()
    {
        // The last view of every test, kept for diagnosis (cheap next to what the tests wait for).
        try
        {
            await Screenshots.SaveAsync(Page, $"last-{TestContext.Current.Test?.TestDisplayName ?? "test"}", fullPage: true, attach: false);
        }
        catch (PlaywrightException)
        {
        }

        await _context.CloseAsync();
    }

    public override string ToString() => JsonSerializer.Serialize(new { url = Page.Url, errors = ScriptErrors });
}
