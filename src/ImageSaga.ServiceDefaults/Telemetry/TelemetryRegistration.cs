using ImageSaga.ServiceDefaults.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ImageSaga.ServiceDefaults.Telemetry;

public static class TelemetryRegistration
{
    /// <summary>The activity sources traced: MassTransit's (send, receive, consume, saga), ours, and Npgsql's.</summary>
    public static readonly string[] Sources = ["MassTransit", ImageSagaTelemetry.Name, "Npgsql"];

    /// <summary>The meters exported: MassTransit's (receive, consume, publish counts and durations) and ours.</summary>
    public static readonly string[] Meters = ["MassTransit", ImageSagaTelemetry.Name];

    /// <summary>
    /// OpenTelemetry traces and metrics for every process (Prometheus scrape, OTLP export when configured), and the
    /// log format. Health checks and scrapes are not traced: they would drown the traces that matter.
    /// </summary>
    public static IHostApplicationBuilder AddImageSagaTelemetry(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.LogFormat == LogFormat.Json)
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        var services = builder.Configuration["ImageSaga:Services"] is { Length: > 0 } selected && !selected.Equals("all", StringComparison.OrdinalIgnoreCase)
            ? selected.Replace(',', '-').Replace(" ", "", StringComparison.Ordinal)
            : "all";
        var serviceName = options.ServiceName ?? builder.Configuration["OTEL_SERVICE_NAME"] ?? $"imagesaga-{services}";

        var standardEndpoint = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var exporting = options.OtlpEndpoint is not null || standardEndpoint;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: typeof(ImageSagaTelemetry).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation();
                if (options.Prometheus)
                    metrics.AddPrometheusExporter();
            });

        // Without a listener MassTransit, Npgsql and ASP.NET Core create no spans at all; with one, every message pays
        // for its spans and their tags (a few per cent of a saga transition's CPU), exported or not.
        if (options.Tracing ?? exporting)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(Sources)
                .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation());
        }

        if (options.OtlpEndpoint is { } endpoint)
            telemetry.UseOtlpExporter(options.OtlpProtocol, endpoint);
        else if (standardEndpoint)
            telemetry.UseOtlpExporter();
        return builder;
    }
}
