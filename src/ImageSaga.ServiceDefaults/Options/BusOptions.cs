using System.ComponentModel.DataAnnotations;

namespace ImageSaga.ServiceDefaults.Options;

/// <summary>Which transport carries the messages, and how hard each process pulls from it.</summary>
public sealed class BusOptions
{
    public const string Section = "ImageSaga:Bus";

    /// <summary><c>InMemory</c> (one process, the embedded default) or <c>RabbitMQ</c> (any number of processes).</summary>
    public BusTransport Transport { get; set; } = BusTransport.InMemory;

    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary>Messages each receive endpoint fetches ahead. Per service, overridable per endpoint later.</summary>
    [Range(1, 10_000)]
    public int PrefetchCount { get; set; } = 32;

    /// <summary>How many messages one endpoint consumes at once; null lets MassTransit derive it from the prefetch.</summary>
    [Range(1, 10_000)]
    public int? ConcurrentMessageLimit { get; set; }

    /// <summary>
    /// Per-queue overrides, keyed by queue name (<c>detect-objects</c>, <c>compute-fingerprint</c>, …): how many
    /// messages each instance of a service works on at once, and how many it fetches ahead.
    /// </summary>
    public Dictionary<string, EndpointOptions> Endpoints { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class EndpointOptions
{
    [Range(1, 10_000)]
    public int? ConcurrentMessageLimit { get; set; }

    [Range(1, 10_000)]
    public int? PrefetchCount { get; set; }
}

public enum BusTransport
{
    InMemory,
    RabbitMQ,
}

public sealed class RabbitMqOptions
{
    /// <summary>An <c>amqp://user:password@host:port/vhost</c> URI; wins over the separate fields when set.</summary>
    public string? Uri { get; set; }

    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "/";

    public string Username { get; set; } = "guest";

    public string Password { get; set; } = "guest";
}
