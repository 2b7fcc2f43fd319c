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
}

public enum PersistenceProvider
{
    Sqlite,
    Postgres,
}
