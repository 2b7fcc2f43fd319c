using ImageSaga.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageSaga.Orchestrator.Batches;

sealed class BatchStateMap(bool postgres) : IEntityTypeConfiguration<BatchState>
{
    public void Configure(EntityTypeBuilder<BatchState> entity)
    {
        entity.ToTable("image_batches");
        entity.HasKey(batch => batch.CorrelationId);
        entity.Property(batch => batch.CorrelationId).ValueGeneratedNever();
        entity.Property(batch => batch.CurrentState).HasMaxLength(64);
        entity.Property(batch => batch.Version).IsConcurrencyToken();
        entity.Property(batch => batch.UserId).HasMaxLength(128);
        entity.Property(batch => batch.Queued).IsJson(postgres);
        entity.Property(batch => batch.InFlight).IsJson(postgres);
        entity.Ignore(batch => batch.PendingHistoryNotes);
        entity.Ignore(batch => batch.ToStart);
        entity.HasIndex(batch => new { batch.UserId, batch.CreatedAt });
    }
}
