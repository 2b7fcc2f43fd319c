using ImageSaga.Hosting;
using ImageSaga.ServiceDefaults;
using ImageSaga.Vision.Models;
using Microsoft.Extensions.Options;

// One executable for every service: `--services orchestrator,metadata,api` (or ImageSaga__Services) picks a subset,
// so the same build runs embedded in one process or as one process per service on RabbitMQ and PostgreSQL.
// The content root is the build output (appsettings.json lives there), not whatever folder the process starts in.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--services"] = "ImageSaga:Services" });
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
    builder.WebHost.UseUrls("http://localhost:5080");

ServiceSelection services;
try
{
    services = builder.AddImageSaga();
}
catch (ArgumentException invalid)
{
    await Console.Error.WriteLineAsync(invalid.Message);
    return 2;
}

var app = await builder.BuildImageSagaAsync(services);
try
{
    await app.RunAsync();
    return 0;
}
catch (Exception startup) when (startup is ModelUnavailableException or OptionsValidationException)
{
    // Misconfiguration, not a bug: say what to fix, without a stack trace, and exit non-zero so supervisors notice.
    app.Logger.LogCritical("ImageSaga cannot start: {Reason}", startup.Message);
    return 1;
}

/// <summary>Exposed for WebApplicationFactory-style tests.</summary>
public partial class Program;
