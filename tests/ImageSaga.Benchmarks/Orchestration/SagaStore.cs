namespace ImageSaga.Benchmarks.Orchestration;

/// <summary>Where the orchestration scenario keeps the saga instances.</summary>
enum SagaStore
{
    /// <summary>MassTransit's in-memory saga repository: no database at all, the ceiling.</summary>
    MassTransitInMemory,

    /// <summary>Our EF Core repository on SQLite (a file in a temp folder).</summary>
    Sqlite,

    /// <summary>Our EF Core repository on PostgreSQL (a fresh database on the configured server).</summary>
    Postgres,
}
