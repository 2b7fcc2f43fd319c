using ImageSaga.ServiceDefaults.Messaging;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using ImageSaga.ServiceDefaults.Telemetry;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageSaga.ServiceDefaults;

/// <summary>The one place that configures every ImageSaga host the same way.</summary>
public static class ImageSagaDefaults
{
    public const string ReadyTag = "ready";

    /// <summary>
    /// Binds and validates options, registers the image store and health checks, and makes the single
    /// <c>AddMassTransit</c> call. Each service adds its consumers or saga through <paramref name="registerServices"/>.
    /// </summary>
    public static IHostApplicationBuilder AddImageSagaDefaults(this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator> registerServices)
    {
        var services = builder.Services;
        services.AddValidatedOptions<ImageSagaOptions>(builder.Configuration, ImageSagaOptions.Section);
        services.AddValidatedOptions<BusOptions>(builder.Configuration, BusOptions.Section);
        services.AddValidatedOptions<PersistenceOptions>(builder.Configuration, PersistenceOptions.Section);
        services.AddValidatedOptions<StorageOptions>(builder.Configuration, StorageOptions.Section);
        services.AddValidatedOptions<ImageLimitsOptions>(builder.Configuration, ImageLimitsOptions.Section);
        services.AddValidatedOptions<ComputeOptions>(builder.Configuration, ComputeOptions.Section);
        services.AddValidatedOptions<TelemetryOptions>(builder.Configuration, TelemetryOptions.Section);
        services.AddValidatedOptions<ShutdownOptions>(builder.Configuration, ShutdownOptions.Section);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DataFolder>();
        services.AddSingleton<IImageStore>(provider =>
        {
            var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new LocalFolderImageStore(provider.GetRequiredService<DataFolder>().Resolve(storage.Root));
        });

        services.AddHealthChecks();
        services.AddProblemDetails();

        builder.AddImageSagaTelemetry();

        // Start completes only once every receive endpoint is bound: a message published right after start (by the
        // API, or by a deadline) must find its queues. On SIGTERM the endpoints stop taking messages and in-flight ones
        // get the configured time to finish; the host's own timeout leaves a few seconds more for the rest to stop.
        var shutdown = builder.Configuration.GetSection(ShutdownOptions.Section).Get<ShutdownOptions>() ?? new ShutdownOptions();
        services.AddOptions<MassTransitHostOptions>().Configure(host =>
        {
            host.WaitUntilStarted = true;
            host.StartTimeout = TimeSpan.FromMinutes(2);
            host.StopTimeout = shutdown.Timeout;
        });
        services.Configure<HostOptions>(host => host.ShutdownTimeout = shutdown.Timeout + TimeSpan.FromSeconds(5));

        var bus = builder.Configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        services.AddConsumeObserver<StepMetricsObserver>();
        services.AddMassTransit(x =>
        {
            registerServices(x);

            if (bus.Transport == BusTransport.InMemory)
            {
                // One process: MassTransit's own delayed scheduler is enough and survives nothing, like the bus itself.
                x.AddDelayedMessageScheduler();
                x.UsingInMemory((context, cfg) =>
                {
                    if (bus.ConcurrentMessageLimit is { } limit)
                        cfg.ConcurrentMessageLimit = limit;
                    cfg.UseDelayedMessageScheduler();
                    cfg.UseConsumeFilter(typeof(ImageIdLogScopeFilter<>), context);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                // No delayed-message plugin here: Schedule and delayed redelivery go to our database-backed scheduler.
                var schedulerAddress = ImageSagaEndpoints.QueueAddress(ImageSagaEndpoints.Scheduler);
                x.AddMessageScheduler(schedulerAddress);
                x.UsingRabbitMq((context, cfg) =>
                {
                    var rabbit = bus.RabbitMq;
                    if (!string.IsNullOrWhiteSpace(rabbit.Uri))
                        cfg.Host(new Uri(rabbit.Uri));
                    else
                    {
                        cfg.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, h =>
                        {
                            h.Username(rabbit.Username);
                            h.Password(rabbit.Password);
                        });
                    }

                    cfg.PrefetchCount = bus.PrefetchCount;
                    if (bus.ConcurrentMessageLimit is { } limit)
                        cfg.ConcurrentMessageLimit = limit;
                    cfg.UseMessageScheduler(schedulerAddress);
                    cfg.UseConsumeFilter(typeof(ImageIdLogScopeFilter<>), context);
                    cfg.ConfigureEndpoints(context);
                });
            }
        });

        return builder;
    }

    /// <summary>
    /// <c>/health/live</c> answers while the process runs; <c>/health/ready</c> checks the bus and the database;
    /// <c>/metrics</c> is the Prometheus scrape (unless turned off).
    /// </summary>
    public static WebApplication MapImageSagaDefaultEndpoints(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Prometheus)
            app.MapPrometheusScrapingEndpoint();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = 200,
                // MassTransit reports endpoints that lost the broker as Degraded. Such a process cannot do its work, so it
                // is unready: Kubernetes and Compose stop routing to it until the connection is back (it stays live).
                [HealthStatus.Degraded] = 503,
                [HealthStatus.Unhealthy] = 503,
            },
        });
        return app;
    }

    static void AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
    }
}
