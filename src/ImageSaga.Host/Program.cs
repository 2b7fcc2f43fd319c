using ImageSaga.Hosting;
using ImageSaga.ServiceDefaults;

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
return await app.RunUntilStoppedAsync();

/// <summary>Exposed for WebApplicationFactory-style tests.</summary>
public partial class Program;
