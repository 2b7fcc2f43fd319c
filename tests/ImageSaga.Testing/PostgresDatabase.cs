using System.Diagnostics;
using Npgsql;

namespace ImageSaga.Testing;

/// <summary>A fresh, empty database on a PostgreSQL server, for one test class or benchmark scenario; dropped on dispose.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    /// <summary>How long dispose keeps trying while the server still has sessions on the database.</summary>
    static readonly TimeSpan DropPatience = TimeSpan.FromSeconds(30);

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

    /// <summary>
    /// Drops the database. <c>WITH (FORCE)</c> ends the sessions the test's own processes left behind (a killed host's
    /// backends linger until the server notices), but a role without superuser or pg_signal_backend may not terminate
    /// an autovacuum worker, so it fails with 42501 while one runs on the database, as it often does right after a
    /// write-heavy test. A plain <c>DROP DATABASE</c> stops autovacuum itself (and fails with 55006 if client sessions
    /// remain), so the two take turns, within a bounded patience.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        var patience = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            var force = attempt % 2 == 0;
            try
            {
                await using var command = new NpgsqlCommand(
                    $"DROP DATABASE IF EXISTS \"{Name}\"{(force ? " WITH (FORCE)" : "")}", connection);
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException stillInUse) when (patience.Elapsed < DropPatience
                && stillInUse.SqlState is PostgresErrorCodes.ObjectInUse or PostgresErrorCodes.InsufficientPrivilege)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }
    }
}
