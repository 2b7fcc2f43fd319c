using System.Diagnostics;
using ImageSaga.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace ImageSaga.ServiceDefaults.Tests;

/// <summary>
/// Spans are recorded only where they go somewhere: MassTransit's, Npgsql's and our sources have a listener only when
/// traces are exported or tracing is asked for, so a process without a collector does not pay for spans on every message.
/// (Listeners are process-wide, so the tests that register them share a collection and run one at a time.)
/// </summary>
[Collection(ActivityListeners.Collection)]
public sealed class TracingRegistrationTests
{
    [Theory]
    [InlineData(null, null, null, false)]
    [InlineData("http://collector:4317", null, null, true)]
    [InlineData(null, "http://collector:4318", null, true)]
    [InlineData(null, null, "true", true)]
    [InlineData("http://collector:4317", null, "false", false)]
    public void Messages_are_traced_only_when_traces_are_exported_or_asked_for(string? otlpEndpoint, string? standardEndpoint,
        string? tracing, bool traced)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImageSaga:Telemetry:OtlpEndpoint"] = otlpEndpoint,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = standardEndpoint,
            ["ImageSaga:Telemetry:Tracing"] = tracing,
            ["ImageSaga:Telemetry:Prometheus"] = "false",
        });
        builder.AddImageSagaTelemetry();

        using var host = builder.Build();

        // Resolving the provider registers its listener, as starting the host would.
        _ = host.Services.GetService<TracerProvider>();

        foreach (var source in TelemetryRegistration.Sources)
        {
            using var activities = new ActivitySource(source);
            activities.HasListeners().ShouldBe(traced, source);
        }

        // Metrics are served either way.
        host.Services.GetService<OpenTelemetry.Metrics.MeterProvider>().ShouldNotBeNull();
    }
}
