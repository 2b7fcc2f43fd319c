using ImageSaga.Testing;

namespace ImageSaga.Benchmarks.Infrastructure;

/// <summary>
/// The RabbitMQ broker and PostgreSQL server the broker scenarios run against: the same variables the integration
/// tests read (<c>source .ci/start-services.sh</c> exports them), or <c>--rabbitmq URI</c> / <c>--postgres CONNECTION</c>.
/// Each scenario makes its own virtual host and database on them, so runs never see each other's queues or rows.
/// </summary>
sealed record BenchmarkServers(Uri? RabbitMq, Uri? RabbitMqManagement, string? Postgres)
{
    public static BenchmarkServers From(string? rabbitMq, string? postgres) => new(
        (rabbitMq ?? Environment.GetEnvironmentVariable("IMAGESAGA_TEST_RABBITMQ")) is { Length: > 0 } amqp ? new Uri(amqp) : null,
        Environment.GetEnvironmentVariable("IMAGESAGA_TEST_RABBITMQ_MANAGEMENT") is { Length: > 0 } management ? new Uri(management) : null,
        (postgres ?? Environment.GetEnvironmentVariable("IMAGESAGA_TEST_POSTGRES")) is { Length: > 0 } pg ? pg : null);

    /// <summary>A fresh virtual host on the broker for one scenario, deleted when disposed.</summary>
    public Task<RabbitMqVirtualHost> CreateVirtualHostAsync() =>
        RabbitMqEndpoint.From(RabbitMq ?? throw new InvalidOperationException(Missing(rabbitMq: true, postgres: false)), RabbitMqManagement)
            .CreateVirtualHostAsync("imagesaga-bench");

    /// <summary>A fresh database on the PostgreSQL server for one scenario, dropped when disposed.</summary>
    public Task<PostgresDatabase> CreateDatabaseAsync() =>
        PostgresDatabase.CreateAsync(Postgres ?? throw new InvalidOperationException(Missing(rabbitMq: false, postgres: true)), "imagesaga_bench");

    /// <summary>Why a scenario that needs <paramref name="rabbitMq"/> and <paramref name="postgres"/> cannot run, or null.</summary>
    public string? Missing(bool rabbitMq, bool postgres) =>
        (rabbitMq && RabbitMq is null, postgres && Postgres is null) switch
        {
            (true, true) => "neither IMAGESAGA_TEST_RABBITMQ nor IMAGESAGA_TEST_POSTGRES is set (source .ci/start-services.sh, or pass --rabbitmq and --postgres)",
            (true, false) => "IMAGESAGA_TEST_RABBITMQ is not set (source .ci/start-services.sh, or pass --rabbitmq)",
            (false, true) => "IMAGESAGA_TEST_POSTGRES is not set (source .ci/start-services.sh, or pass --postgres)",
            _ => null,
        };
}
