using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageSaga.Orchestrator.Persistence;

sealed class ExecutionHistoryEntryMap : IEntityTypeConfiguration<ExecutionHistoryEntry>
{
    public void Configure(EntityTypeBuilder<ExecutionHistoryEntry> entity)
    {
        entity.ToTable("execution_history");
        // (saga, sequence) as the key: two transactions that both loaded version N of a saga would write the same
        // sequence, so even without the saga's concurrency token the history could never fork.
        entity.HasKey(entry => new { entry.SagaId, entry.Sequence });
        entity.Property(entry => entry.Event).HasMaxLength(128);
        entity.Property(entry => entry.FromState).HasMaxLength(64);
        entity.Property(entry => entry.ToState).HasMaxLength(64);
        entity.Property(entry => entry.Detail).HasMaxLength(2000);
    }
}
