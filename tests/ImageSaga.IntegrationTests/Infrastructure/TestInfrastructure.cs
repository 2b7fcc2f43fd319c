using DotNet.Testcontainers.Configurations;
using Npgsql;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace ImageSaga.IntegrationTests.Infrastructure;

/// <summary>
/// Finds the real servers the integration tests need: the endpoints in <c>IMAGESAGA_TEST_POSTGRES</c> /
/// <c>IMAGESAGA_TEST_RABBITMQ</c> (what .ci/run exports), else Testcontainers where a Docker engine exists. Without
/// either the test reports itself skipped with the reason — except under <c>CI=true</c>, where that is a failure.
/// </summary>
public static class TestInfrastructure
{
    static readonly SemaphoreSlim Gate = new(1, 1);
    static string? _postgres;
    static RabbitMqEndpoint? _rabbitMq;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>An admin connection string for a PostgreSQL server (a role that may create databases).</summary>
    public static async Task<string> RequirePostgresAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_postgres is not null)
                return _postgres;
            var configured = Environment.GetEnvironmentVariable("IMAGESAGA_TEST_POSTGRES");
            if (!string.IsNullOrWhiteSpace(configured))
                return _postgres = configured;
            if (DockerIsAvailable())
            {
                var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
                await container.StartAsync();
                return _postgres = container.GetConnectionString();
            }

            Unavailable("PostgreSQL: IMAGESAGA_TEST_POSTGRES is not set and no Docker engine is available for Testcontainers.");
            return null!;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A fresh database on that server, dropped when disposed.</summary>
    public static async Task<PostgresDatabase> CreatePostgresDatabaseAsync() =>
        await PostgresDatabase.CreateAsync(await RequirePostgresAsync());

    /// <summary>
    /// A superuser on the test server, connected to <paramref name="database"/>, as the deployments' provisioning runs:
    /// <c>IMAGESAGA_TEST_POSTGRES_SUPERUSER</c> (.ci/start-services.sh makes one), or the Testcontainers server's own
    /// user, which is one.
    /// </summary>
    public static string SuperuserConnectionString(PostgresDatabase database)
    {
        var configured = Environment.GetEnvironmentVariable("IMAGESAGA_TEST_POSTGRES_SUPERUSER");
        if (!string.IsNullOrWhiteSpace(configured))
            return new NpgsqlConnectionStringBuilder(configured) { Database = database.Name, Pooling = false }.ConnectionString;
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("IMAGESAGA_TEST_POSTGRES")))
            return database.ConnectionString;
        Unavailable("PostgreSQL superuser: IMAGESAGA_TEST_POSTGRES_SUPERUSER is not set.");
        return null!;
    }

    public static async Task<RabbitMqEndpoint> RequireRabbitMqAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_rabbitMq is not null)
                return _rabbitMq;
            var amqp = Environment.GetEnvironmentVariable("IMAGESAGA_TEST_RABBITMQ");
            if (!string.IsNullOrWhiteSpace(amqp))
            {
                var management = Environment.GetEnvironmentVariable("IMAGESAGA_TEST_RABBITMQ_MANAGEMENT");
                return _rabbitMq = RabbitMqEndpoint.From(new Uri(amqp),
                    string.IsNullOrWhiteSpace(management) ? null : new Uri(management));
            }

            if (DockerIsAvailable())
            {
                var container = new RabbitMqBuilder("rabbitmq:3-management").WithPortBinding(15672, true).Build();
                await container.StartAsync();
                var amqpUri = new Uri(container.GetConnectionString());
                var managementUri = new UriBuilder("http", container.Hostname, container.GetMappedPublicPort(15672))
                {
                    UserName = amqpUri.UserInfo.Split(':')[0],
                    Password = amqpUri.UserInfo.Split(':')[1],
                }.Uri;
                return _rabbitMq = RabbitMqEndpoint.From(amqpUri, managementUri);
            }

            Unavailable("RabbitMQ: IMAGESAGA_TEST_RABBITMQ is not set and no Docker engine is available for Testcontainers.");
            return null!;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Skips the test (fails it under CI=true) because something it needs is missing.</summary>
    public static void Unavailable(string reason)
    {
        if (IsCi)
            Assert.Fail($"CI=true but a required server is missing — {reason}");
        Assert.Skip(reason);
    }

    static bool DockerIsAvailable()
    {
        try
        {
            return TestcontainersSettings.OS.DockerEndpointAuthConfig is not null && File.Exists("/var/run/docker.sock")
                || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST"));
        }
        catch (Exception)
        {
            return false;
        }
    }
}
