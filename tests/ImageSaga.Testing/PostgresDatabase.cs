using Npgsql;

namespace ImageSaga.Testing;

/// <summary>A fresh, empty database on a PostgreSQL server, for one test class or benchmark scenario; dropped on dispose.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    readonly string _adminConnectionString;

    PostgresDatabase(string adminConnectionString, string name)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <param name="admin">A connection string of a role that may create databases.</param>
    /// <param name="namePrefix">Says who made the database, for whoever finds one left behind by a killed run.</param>
    public static async Task<PostgresDatabase> CreateAsync(string admin, string namePrefix = "imagesaga_test")
    {
        var name = $"{namePrefix}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
            await command.ExecuteNonQueryAsync();
        return new PostgresDatabase(admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
