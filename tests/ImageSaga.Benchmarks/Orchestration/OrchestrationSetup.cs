using ImageSaga.ServiceDefaults.Options;

namespace ImageSaga.Benchmarks.Orchestration;

/// <summary>
/// One transport and saga store combination of the orchestration scenario. <paramref name="VerifyCachedSagas"/> and
/// <paramref name="PostgresOptions"/> are for investigations (<c>--setups</c>): they override what the product does.
/// </summary>
sealed record OrchestrationSetup(string Key, string Name, BusTransport Transport, SagaStore Store, bool? VerifyCachedSagas = null,
    string? PostgresOptions = null)
{
    public static readonly OrchestrationSetup InMemoryCeiling = new("inmemory", "in-memory transport + MassTransit in-memory repository", BusTransport.InMemory, SagaStore.MassTransitInMemory);

    public static readonly OrchestrationSetup RabbitMqInMemory = new("rabbitmq", "RabbitMQ + MassTransit in-memory repository", BusTransport.RabbitMQ, SagaStore.MassTransitInMemory);

    public static readonly OrchestrationSetup RabbitMqSqlite = new("sqlite", "RabbitMQ + our SQLite repository", BusTransport.RabbitMQ, SagaStore.Sqlite);

    public static readonly OrchestrationSetup RabbitMqPostgres = new("postgres", "RabbitMQ + our PostgreSQL repository", BusTransport.RabbitMQ, SagaStore.Postgres);

    /// <summary>
    /// The repository as it was before this benchmark's fix: the cached instance's version read on every message on
    /// RabbitMQ, although this process is the only orchestrator.
    /// </summary>
    public static readonly OrchestrationSetup RabbitMqPostgresBefore = new("postgres-before",
        "RabbitMQ + our PostgreSQL repository, before (version read on every message)", BusTransport.RabbitMQ, SagaStore.Postgres, VerifyCachedSagas: true);

    /// <summary>The four the issue asks for, and our PostgreSQL figure before the fix, in the order of the table.</summary>
    public static readonly IReadOnlyList<OrchestrationSetup> Default = [InMemoryCeiling, RabbitMqInMemory, RabbitMqSqlite, RabbitMqPostgresBefore, RabbitMqPostgres];

    /// <summary>Variants for finding where the time goes; run with <c>--setups</c>.</summary>
    public static readonly IReadOnlyList<OrchestrationSetup> Investigations =
    [
        new("postgres-async", "RabbitMQ + PostgreSQL, synchronous_commit=off", BusTransport.RabbitMQ, SagaStore.Postgres, PostgresOptions: "-c synchronous_commit=off"),
        new("sqlite-before", "RabbitMQ + our SQLite repository, before (version read on every message)", BusTransport.RabbitMQ, SagaStore.Sqlite, VerifyCachedSagas: true),
    ];

    public static IReadOnlyList<OrchestrationSetup> Select(IReadOnlyCollection<string> keys) =>
        keys.Count == 0
            ? Default
            : keys.Select(key => Default.Concat(Investigations).FirstOrDefault(setup => setup.Key.Equals(key, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"Unknown setup '{key}'; known: {string.Join(", ", Default.Concat(Investigations).Select(s => s.Key))}.")).ToList();
}
