namespace ImageSaga.ServiceDefaults.Options;

/// <summary>Where saga state, execution history and scheduled messages live.</summary>
public sealed class PersistenceOptions
{
    public const string Section = "ImageSaga:Persistence";

    /// <summary><c>Sqlite</c> (embedded default) or <c>Postgres</c>.</summary>
    public PersistenceProvider Provider { get; set; } = PersistenceProvider.Sqlite;

    /// <summary>ADO.NET connection string; for SQLite it defaults to a file in the data folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply EF Core migrations at start-up. Turn off when a deployment job migrates instead.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// SQLite only: <c>Normal</c> syncs the write-ahead log at checkpoints, so a commit survives a crash of the process
    /// but the last ones may be lost if the machine loses power; <c>Full</c> syncs on every commit (an fsync per saga
    /// update). The embedded default is <c>Normal</c>: its in-memory transport does not survive a crash anyway.
    /// </summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Normal;
}

public enum SqliteSynchronous
{
    Normal,
    Full,
}

public enum PersistenceProvider
{
    Sqlite,
    Postgres,
}
