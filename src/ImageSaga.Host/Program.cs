using ImageSaga.Api;
using ImageSaga.Enrichment;
using ImageSaga.Metadata;
using ImageSaga.Notifications;
using ImageSaga.Orchestrator;
using ImageSaga.Orchestrator.Persistence;
using ImageSaga.ServiceDefaults;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.Vision;
using ImageSaga.Users.Persistence;
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
    services = ServiceSelection.Parse(builder.Configuration["ImageSaga:Services"]);
}
catch (ArgumentException invalid)
{
    await Console.Error.WriteLineAsync(invalid.Message);
    return 2;
}

var needsDatabase = services.Runs(ServiceSelection.Orchestrator) || services.Runs(ServiceSelection.Api);
var needsUserData = services.Runs(ServiceSelection.Api) || services.Runs(ServiceSelection.Enrichment) || services.Runs(ServiceSelection.Notifications);

if (needsDatabase)
    builder.AddImageSagaPersistence();
if (services.Runs(ServiceSelection.Orchestrator))
    builder.AddOrchestratorServices();
if (services.Runs(ServiceSelection.Metadata))
    builder.AddMetadataServices();
builder.AddVisionServices(services);
if (services.Runs(ServiceSelection.Enrichment))
    builder.AddEnrichmentServices();
if (services.Runs(ServiceSelection.Notifications))
    builder.AddNotificationServices();
if (services.Runs(ServiceSelection.Api))
    builder.AddApiServices();

builder.AddImageSagaDefaults(bus =>
{
    if (services.Runs(ServiceSelection.Orchestrator))
        bus.AddOrchestrator(builder.Configuration);
    if (services.Runs(ServiceSelection.Metadata))
        bus.AddMetadataConsumers();
    bus.AddVisionConsumers(services);
    if (services.Runs(ServiceSelection.Enrichment))
        bus.AddEnrichmentConsumers();
    if (services.Runs(ServiceSelection.Notifications))
        bus.AddNotificationConsumers();
    if (services.Runs(ServiceSelection.Api))
        bus.AddApiConsumers();
});

var app = builder.Build();
if (needsDatabase)
    await app.Services.MigrateImageSagaDatabaseAsync();
if (needsUserData)
    await app.Services.MigrateUserDataAsync();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapImageSagaDefaultEndpoints();
if (services.Runs(ServiceSelection.Api))
    app.MapImageSagaApi();

var bus = builder.Configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
var persistence = builder.Configuration.GetSection(PersistenceOptions.Section).Get<PersistenceOptions>() ?? new PersistenceOptions();
app.Logger.LogInformation("ImageSaga services [{Services}] on {Transport}, persistence {Provider}", services, bus.Transport,
    needsDatabase || needsUserData ? persistence.Provider.ToString() : "none");

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
