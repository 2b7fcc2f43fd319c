using System.ComponentModel.DataAnnotations;

namespace ImageSaga.ServiceDefaults.Options;

/// <summary>Traces, metrics and logs: where they go and in what shape.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "ImageSaga:Telemetry";

    /// <summary>The service name on traces and metrics; default <c>imagesaga-&lt;services&gt;</c> (<c>OTEL_SERVICE_NAME</c> also works).</summary>
    public string? ServiceName { get; set; }

    /// <summary>
    /// An OTLP collector (e.g. <c>http://otel-collector:4317</c>) to export traces and metrics to. Unset means no export
    /// unless the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>Grpc</c> (port 4317) or <c>HttpProtobuf</c> (port 4318) for <see cref="OtlpEndpoint"/>.</summary>
    public OpenTelemetry.Exporter.OtlpExportProtocol OtlpProtocol { get; set; } = OpenTelemetry.Exporter.OtlpExportProtocol.Grpc;

    /// <summary>
    /// Record trace spans. Unset means: only when traces are exported (<see cref="OtlpEndpoint"/> or
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set). A recorded span costs CPU on every message, in every process, so
    /// spans that nobody exports are not made; <c>true</c> records them anyway, for an in-process listener.
    /// </summary>
    public bool? Tracing { get; set; }

    /// <summary>Serve Prometheus' text format at <c>/metrics</c>.</summary>
    public bool Prometheus { get; set; } = true;

    /// <summary><c>Text</c> for people at a terminal; <c>Json</c>, one object per line with scopes (the image id) as fields, for log collectors.</summary>
    public LogFormat LogFormat { get; set; } = LogFormat.Text;
}

public enum LogFormat
{
    Text,
    Json,
}

/// <summary>How a process stops on SIGTERM.</summary>
public sealed class ShutdownOptions
{
    public const string Section = "ImageSaga:Shutdown";

    /// <summary>
    /// How long in-flight messages may take to finish after SIGTERM. Endpoints stop taking messages at once; what is not
    /// finished by then is returned to its queue (RabbitMQ redelivers it elsewhere) and the process exits.
    /// Keep it below the orchestrator's <c>terminationGracePeriodSeconds</c> (Kubernetes) or <c>stop_grace_period</c> (Compose).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(25);
}
