using ImageSaga.IntegrationTests.Infrastructure;
using ImageSaga.Orchestrator.Persistence;
using ImageSaga.ServiceDefaults.Persistence;
using ImageSaga.Users.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ImageSaga.IntegrationTests.Persistence;

/// <summary>Services that start together migrate one PostgreSQL database at the same moment, and must all succeed.</summary>
public sealed class ConcurrentMigrationTests
{
    [Fact]
    public async Task Five_services_migrating_a_fresh_database_at_once_all_succeed()
    {
        await using var database = await TestInfrastructure.CreatePostgresDatabaseAsync();

        var migrations = Enumerable.Range(0, 5).Select(i => Task.Run(async () =>
        {
            // Three user-data migrations (api, enrichment, notifications) and two saga migrations (scaled orchestrators).
            await using DbContext db = i < 3
                ? new PostgresUserDataDbContext(new DbContextOptionsBuilder<PostgresUserDataDbContext>()
                    .UseNpgsql(database.ConnectionString, npgsql => npgsql.MigrationsHistoryTable(UserDataDbContext.MigrationsHistoryTable)).Options)
                : new PostgresImageSagaDbContext(new DbContextOptionsBuilder<PostgresImageSagaDbContext>().UseNpgsql(database.ConnectionString).Options);
            await db.Database.MigrateExclusivelyAsync(CancellationToken.None);
        })).ToList();
        await Task.WhenAll(migrations);

        await using var users = new PostgresUserDataDbContext(new DbContextOptionsBuilder<PostgresUserDataDbContext>()
            .UseNpgsql(database.ConnectionString, npgsql => npgsql.MigrationsHistoryTable(UserDataDbContext.MigrationsHistoryTable)).Options);
        (await users.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        (await users.ApiKeys.CountAsync()).ShouldBe(0);
        await using var sagas = new PostgresImageSagaDbContext(new DbContextOptionsBuilder<PostgresImageSagaDbContext>().UseNpgsql(database.ConnectionString).Options);
        (await sagas.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        (await sagas.Batches.CountAsync()).ShouldBe(0);
    }
}
