using Microsoft.Playwright;

namespace ImageSaga.Console.Tests.Infrastructure;

/// <summary>
/// Screenshots in the test output (<c>screenshots/</c> beside the test assembly, and attached to the test). With
/// <c>IMAGESAGA_UPDATE_SCREENSHOTS=1</c> the one the README shows is also written to <c>docs/images/</c>; without it
/// the tests never touch the working tree, so CI does not dirty it.
/// </summary>
public static class Screenshots
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static bool UpdateDocs => Environment.GetEnvironmentVariable("IMAGESAGA_UPDATE_SCREENSHOTS") == "1";

    /// <summary>The viewport, the whole page, or the page's top <paramref name="height"/> pixels.</summary>
    public static async Task<string> SaveAsync(IPage page, string name, bool fullPage = false, string? docsImage = null, bool attach = true, int? height = null)
    {
        Directory.CreateDirectory(Folder);
        var safe = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        var path = Path.Combine(Folder, $"{safe[..Math.Min(safe.Length, 120)]}.png");
        var options = new PageScreenshotOptions { Path = path, FullPage = fullPage || height is not null };
        if (height is { } top)
            options.Clip = new Clip { X = 0, Y = 0, Width = page.ViewportSize!.Width, Height = top };
        var png = await page.ScreenshotAsync(options);
        if (attach)
        {
            TestContext.Current.AddAttachment($"{safe}.png", png, "image/png");
            TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
        }

        if (docsImage is not null && UpdateDocs)
        {
            var docs = Path.Combine(HostProcess.RepositoryRoot, "docs", "images", docsImage);
            Directory.CreateDirectory(Path.GetDirectoryName(docs)!);
            await File.WriteAllBytesAsync(docs, png);
            TestContext.Current.TestOutputHelper?.WriteLine($"updated {docs}");
        }

        return path;
    }
}
