using System.Data.Common;
using System.Globalization;
using ImageSaga.ServiceDefaults.Options;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ImageSaga.ServiceDefaults.Persistence;

/// <summary>
/// Applies the settings that belong to a SQLite connection, not to the file, to every connection EF Core opens
/// (Microsoft.Data.Sqlite has no connection-string keyword for either), in one statement:
/// <list type="bullet">
/// <item><c>synchronous</c>, from <see cref="PersistenceOptions.SqliteSynchronous"/>;</item>
/// <item><c>busy_timeout</c>. SQLite lets one connection write at a time, and the embedded host's saga, scheduler,
/// enrichment and API all write to one file. Without a busy timeout, a writer that finds the file locked gets
/// SQLITE_BUSY at once and Microsoft.Data.Sqlite retries it after sleeping 150 ms on its thread, although the holder
/// (one saga transition) commits within a millisecond or two. SQLite's own busy handler retries after 1, 2, 5, 10 ms
/// and so on, so the writer gets in about when the file is free.</item>
/// </list>
/// </summary>
public sealed class SqliteConnectionSettingsInterceptor(SqliteSynchronous synchronous) : DbConnectionInterceptor
{
    /// <summary>
    /// How long SQLite's busy handler keeps retrying: Microsoft.Data.Sqlite's default command timeout, the time a
    /// command was already allowed to wait for the lock.
    /// </summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    readonly string _pragmas = string.Create(CultureInfo.InvariantCulture,
        $"PRAGMA synchronous={(synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL")}; PRAGMA busy_timeout={(int)BusyTimeout.TotalMilliseconds};");

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
