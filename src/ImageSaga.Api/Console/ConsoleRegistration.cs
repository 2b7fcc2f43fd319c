using ImageSaga.Api.Console;
using ImageSaga.ServiceDefaults.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Beside ApiRegistration's namespace, so the host's composition needs no extra using to call it.
namespace ImageSaga.Api;

/// <summary>
/// The web console: static files (HTML, CSS, ES modules; no build step) from <c>console/</c> beside the executable,
/// served at <c>/</c> without authentication, and the few endpoints only the console needs. The page itself sends the
/// user's API key with every API call, so the files carry nothing a key would protect.
/// </summary>
public static class ConsoleRegistration
{
    /// <summary>The build copies <c>Console/wwwroot</c> here (see ImageSaga.Api.csproj).</summary>
    public const string FolderName = "console";

    /// <summary>
    /// Serves the console and maps its endpoints. Call it before the rate limiter: the page's files are neither uploads
    /// nor API calls.
    /// </summary>
    public static WebApplication MapImageSagaConsole(this WebApplication app)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, FolderName);
        if (Directory.Exists(folder))
        {
            var files = new PhysicalFileProvider(folder);
            app.Lifetime.ApplicationStopped.Register(files.Dispose);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files, OnPrepareResponse = static context => AddHeaders(context.Context.Response) });
        }
        else
        {
            app.Logger.LogWarning("Web console: {Folder} does not exist, so / serves nothing (the API works without it)", folder);
        }

        var bus = app.Services.GetRequiredService<IOptions<BusOptions>>().Value;
        var management = app.Configuration.GetSection(RabbitMqManagementOptions.Section).Get<RabbitMqManagementOptions>() ?? new RabbitMqManagementOptions();
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(5) };
        app.Lifetime.ApplicationStopped.Register(http.Dispose);
        app.MapConsoleEndpoints(new QueueMonitor(bus, management, http));
        return app;
    }

    static void AddHeaders(HttpResponse response)
    {
        // Revalidate every time (ETag makes that a 304): a new build's page is seen at once, and the files are small.
        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        // Everything the page loads comes from this host: no CDN, no inline script, thumbnails as blob: URLs.
        response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
