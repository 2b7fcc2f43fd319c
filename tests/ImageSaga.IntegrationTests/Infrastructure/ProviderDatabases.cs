namespace ImageSaga.IntegrationTests.Infrastructure;

/// <summary>
/// Fresh databases for one test class, by provider name: SQLite files in a temporary folder (one per call), and one
/// PostgreSQL database created on first use. Disposing removes both.
/// </summary>
public sealed class ProviderDatabases(string name) : IAsyncDisposable
{
    PostgresDatabase? _postgres;

    public static TheoryData<string> Providers => new("Sqlite", "Postgres");

    public string DataFolder { get; } = Directory.CreateTempSubdirectory($"imagesaga-{name}-").FullName;

    public async Task<string> ConnectionStringAsync(string provider)
    {
        if (provider == "Sqlite")
            return $"Data Source={Path.Combine(DataFolder, $"{Guid.NewGuid():N}.db")}";
        _postgres ??= await TestInfrastructure.CreatePostgresDatabaseAsync();
        return _postgres.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
            await _postgres.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
