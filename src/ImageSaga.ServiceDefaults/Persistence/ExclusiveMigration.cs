using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ImageSaga.ServiceDefaults.Persistence;

/// <summary>
/// Applies migrations while holding a PostgreSQL advisory lock, so that services starting together (the API,
/// enrichment and notifications share the user-data tables; orchestrators may be scaled) take turns instead of
/// racing to create the same table. The lock belongs to the session, so a process that dies releases it.
/// SQLite (the embedded default, one process) migrates directly.
/// </summary>
public static class ExclusiveMigration
{
    // Any constant works, as long as every ImageSaga migration uses the same one.
    const long LockKey = 0x496D616765536167;

    public static async Task MigrateExclusivelyAsync(this DatabaseFacade database, CancellationToken cancellationToken)
    {
        if (database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) != true)
        {
            await database.MigrateAsync(cancellationToken);
            return;
        }

        await database.OpenConnectionAsync(cancellationToken);
        try
        {
            await database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({LockKey})", cancellationToken);
            try
            {
                await database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await database.CloseConnectionAsync();
        }
    }
}
