using ImageSaga.ServiceDefaults.Persistence;
using ImageSaga.Orchestrator.Steps;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageSaga.Orchestrator;

/// <summary>EF Core mapping of the saga state: scalar columns for what is queried, JSON for results.</summary>
sealed class ImageAnalysisStateMap(bool postgres) : IEntityTypeConfiguration<ImageAnalysisState>
{
    public void Configure(EntityTypeBuilder<ImageAnalysisState> entity)
    {
        entity.ToTable("image_analysis_sagas");
        entity.HasKey(saga => saga.CorrelationId);
        entity.Property(saga => saga.CorrelationId).ValueGeneratedNever();
        entity.Property(saga => saga.CurrentState).HasMaxLength(64);
        entity.Property(saga => saga.Version).IsConcurrencyToken();
        entity.Property(saga => saga.UserId).HasMaxLength(128);
        entity.Property(saga => saga.StorageKey).HasMaxLength(512);
        entity.Property(saga => saga.Sha256).HasMaxLength(64);
        entity.Property(saga => saga.ContentType).HasMaxLength(128);
        entity.Property(saga => saga.OriginalFileName).HasMaxLength(256);
        entity.Property(saga => saga.FailedStep).HasMaxLength(64);
        entity.Property(saga => saga.FailureReason).HasMaxLength(64);
        entity.Property(saga => saga.FailureMessage).HasMaxLength(1000);
        entity.Property(saga => saga.CancelledBy).HasMaxLength(128);
        entity.Property(saga => saga.LabelIndex).HasMaxLength(1000);
        entity.Property(saga => saga.ReviewToken).HasMaxLength(64);
        entity.Property(saga => saga.ReviewReason).HasMaxLength(500);
        entity.Property(saga => saga.ReviewDecision).HasMaxLength(16);
        entity.Property(saga => saga.ReviewedBy).HasMaxLength(128);
        // POST /api/reviews/{token} finds the waiting saga by its token.
        entity.HasIndex(saga => saga.ReviewToken).IsUnique();

        entity.Property(saga => saga.Steps).IsJson(postgres,
            steps => new Dictionary<string, StepProgress>(steps, StringComparer.OrdinalIgnoreCase));
        entity.Property(saga => saga.Metadata).IsJson(postgres);
        entity.Property(saga => saga.Fingerprint).IsJson(postgres);
        entity.Property(saga => saga.Detection).IsJson(postgres);
        entity.Property(saga => saga.Classification).IsJson(postgres);
        entity.Property(saga => saga.Faces).IsJson(postgres);
        entity.Property(saga => saga.Moderation).IsJson(postgres);
        entity.Property(saga => saga.Insights).IsJson(postgres);
        entity.Property(saga => saga.Warnings).IsJson(postgres);

        entity.Ignore(saga => saga.PendingHistoryNotes);
        entity.Ignore(saga => saga.StepsToDispatch);

        // The deadline sweeper's query, and the list/filter queries of the API.
        entity.HasIndex(saga => saga.NextDeadlineAt);
        entity.HasIndex(saga => new { saga.CurrentState, saga.CreatedAt });
        entity.HasIndex(saga => new { saga.UserId, saga.CreatedAt });
        entity.HasIndex(saga => saga.BatchId);
    }
}
