using ImageSaga.Api;
using ImageSaga.Enrichment;
using ImageSaga.Metadata;
using ImageSaga.Notifications;
using ImageSaga.Orchestrator;
using ImageSaga.Orchestrator.Persistence;
using ImageSaga.Orchestrator.Telemetry;
using ImageSaga.ServiceDefaults;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.Users.Persistence;
using ImageSaga.Vision;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ImageSaga.Vision.Models;

namespace ImageSaga.Hosting;

/// <summary>
/// The composition root shared by the server executable and the CLI's in-process mode: which services a process runs
/// is configuration (<c>ImageSaga:Services</c>), so the same wiring serves one embedded process or one process per
/// service on RabbitMQ and PostgreSQL.
/// </summary>
public static class ImageSagaComposition
{
    /// <summary>
    /// Registers the services <c>ImageSaga:Services</c> names, and the bus with their consumers.
    /// Throws <see cref="ArgumentException"/> for an unknown service name.
    /// </summary>
    public static ServiceSelection AddImageSaga(this WebApplicationBuilder builder)
    {
        var services = ServiceSelection.Parse(builder.Configuration["ImageSaga:Services"]);
        AddLoggingDefaults(builder.Configuration);

        if (NeedsSagaDatabase(services))
            builder.AddImageSagaPersistence();
        if (services.Runs(ServiceSelection.Orchestrator))
        {
            builder.AddOrchestratorServices();
            builder.Services.AddHostedService<SagaStateMetrics>();
        }
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
        return services;
    }

    /// <summary>Builds the application: migrates the databases its services use, then maps the health endpoints and the API.</summary>
    public static async Task<WebApplication> BuildImageSagaAsync(this WebApplicationBuilder builder, ServiceSelection services)
    {
        var app = builder.Build();
        if (NeedsSagaDatabase(services))
            await app.Services.MigrateImageSagaDatabaseAsync();
        if (NeedsUserData(services))
            await app.Services.MigrateUserDataAsync();

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapImageSagaDefaultEndpoints();
        if (services.Runs(ServiceSelection.Api))
            app.UseImageSagaApi();

        var bus = builder.Configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        var persistence = builder.Configuration.GetSection(PersistenceOptions.Section).Get<PersistenceOptions>() ?? new PersistenceOptions();
        app.Logger.LogInformation("ImageSaga services [{Services}] on {Transport}, persistence {Provider}", services, bus.Transport,
            NeedsSagaDatabase(services) || NeedsUserData(services) ? persistence.Provider.ToString() : "none");
        return app;
    }

    /// <summary>
    /// Log levels for every way of running the services (Host, <c>imagesaga serve</c>, in-process): information from
    /// ImageSaga, warnings from the frameworks. EF Core's command log is off: migrations probing for their history
    /// table on a new database log expected failures as errors. Added as the lowest-precedence source, so
    /// appsettings, environment variables and the command line still override any of them.
    /// </summary>
    static void AddLoggingDefaults(ConfigurationManager configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "None",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Update"] = "None",
                ["Logging:LogLevel:MassTransit"] = "Warning",
            },
        });

    /// <summary>
    /// Runs until stopped; 0 after a clean stop, 1 when the configuration prevents starting (a missing model, an invalid
    /// option), said in one line without a stack trace, so supervisors and people see what to fix.
    /// </summary>
    public static async Task<int> RunUntilStoppedAsync(this WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception startup) when (startup is ModelUnavailableException or OptionsValidationException)
        {
            app.Logger.LogCritical("ImageSaga cannot start: {Reason}", startup.Message);
            return 1;
        }
    }

    static bool NeedsSagaDatabase(ServiceSelection services) =>
        services.Runs(ServiceSelection.Orchestrator) || services.Runs(ServiceSelection.Api);

    static bool NeedsUserData(ServiceSelection services) =>
        services.Runs(ServiceSelection.Api) || services.Runs(ServiceSelection.Enrichment) || services.Runs(ServiceSelection.Notifications);
}
