namespace ImageSaga.Benchmarks;

/// <summary>How the end-to-end saga scenario runs the host, in this process either way.</summary>
enum SagaDeployment
{
    /// <summary>In-memory transport and SQLite in a temp folder: the embedded host.</summary>
    Embedded,

    /// <summary>RabbitMQ (a fresh virtual host) and PostgreSQL (a fresh database): the distributed setup's transport and store.</summary>
    RabbitMqPostgres,
}
