using System.Text.Json;
using Microsoft.Playwright;

namespace ImageSaga.Console.Tests.Infrastructure;

/// <summary>
/// Debian's chromium (<c>/usr/bin/chromium</c>, or <c>IMAGESAGA_TEST_CHROMIUM</c>) driven by Playwright: Playwright
/// cannot download its own browsers here, so it launches the installed one. Without it the tests report themselves
/// skipped with the reason, except under <c>CI=true</c>, where that is a failure (as for the integration tests' servers).
/// </summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    public const string DefaultChromium = "/usr/bin/chromium";

    readonly SemaphoreSlim _gate = new(1, 1);
    IPlaywright? _playwright;
    IBrowser? _browser;

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("IMAGESAGA_TEST_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultChromium;

    /// <summary>Skips (or, under CI, fails) the calling test when there is no chromium; otherwise launches it once.</summary>
    public async Task<IBrowser> RequireAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            var reason = $"Chromium: {ChromiumPath} does not exist (apt-get install chromium, as .ci/start-services.sh does; "
                + "Playwright cannot download browsers here). Set IMAGESAGA_TEST_CHROMIUM to use another.";
            if (TestInfrastructure.IsCi)
                Assert.Fail($"CI=true but the browser is missing — {reason}");
            Assert.Skip(reason);
        }

        await _gate.WaitAsync();
        try
        {
            if (_browser is not null)
                return _browser;
            _playwright = await Playwright.CreateAsync();
            // Playwright passes --no-sandbox itself (chromiumSandbox defaults to false), which running as root needs.
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
            return _browser;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A new page in its own context (its own session storage, so its own API key) at a desktop size, or a phone's.
    /// With <paramref name="apiKey"/>, the key is in session storage before the console loads, as if typed earlier.
    /// </summary>
    public async Task<ConsolePage> OpenAsync(Uri baseAddress, string? apiKey = null, int width = 1280, int height = 800)
    {
        var browser = await RequireAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(30_000);
        if (apiKey is not null)
            await context.AddInitScriptAsync($"sessionStorage.setItem('imagesaga.apiKey', {JsonSerializer.Serialize(apiKey)});");
        return new ConsolePage(context, await context.NewPageAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        _gate.Dispose();
    }
}
