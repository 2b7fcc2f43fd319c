using System.Data.Common;
using ImageSaga.ServiceDefaults.Options;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ImageSaga.ServiceDefaults.Persistence;

/// <summary>
/// Applies <see cref="PersistenceOptions.SqliteSynchronous"/> to every SQLite connection EF Core opens: the setting
/// belongs to the connection, not the file, and Microsoft.Data.Sqlite has no connection-string keyword for it.
/// </summary>
public sealed class SqliteSynchronousInterceptor(SqliteSynchronous synchronous) : DbConnectionInterceptor
{
    readonly string _pragma = synchronous == SqliteSynchronous.Full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        command.ExecuteNonQuery();
    }
}
