using ImageSaga.Orchestrator.Scheduling;
using ImageSaga.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ImageSaga.Orchestrator.Persistence;

/// <summary>
/// Saga state, execution history and scheduled messages. One subclass per provider, so that each has its own
/// migrations (SQLite and PostgreSQL differ in column types and in what a migration can do).
/// </summary>
public abstract class ImageSagaDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ImageAnalysisState> ImageAnalyses => Set<ImageAnalysisState>();

    public DbSet<ExecutionHistoryEntry> ExecutionHistory => Set<ExecutionHistoryEntry>();

    public DbSet<Batches.BatchState> Batches => Set<Batches.BatchState>();

    public DbSet<ScheduledMessage> ScheduledMessages => Set<ScheduledMessage>();

    protected abstract bool IsPostgres { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new ImageAnalysisStateMap(IsPostgres));
        modelBuilder.ApplyConfiguration(new ExecutionHistoryEntryMap());
        modelBuilder.ApplyConfiguration(new Batches.BatchStateMap(IsPostgres));
        modelBuilder.ApplyConfiguration(new ScheduledMessageMap());
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC. SQLite hands DateTimes back as Unspecified, and Npgsql refuses to write those into
        // timestamptz, so the kind is restored on the way out of the database.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}

public sealed class SqliteImageSagaDbContext(DbContextOptions<SqliteImageSagaDbContext> options) : ImageSagaDbContext(options)
{
    protected override bool IsPostgres => false;
}

public sealed class PostgresImageSagaDbContext(DbContextOptions<PostgresImageSagaDbContext> options) : ImageSagaDbContext(options)
{
    protected override bool IsPostgres => true;
}
