using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageSaga.Orchestrator.Scheduling;

sealed class ScheduledMessageMap : IEntityTypeConfiguration<ScheduledMessage>
{
    public void Configure(EntityTypeBuilder<ScheduledMessage> entity)
    {
        entity.ToTable("scheduled_messages");
        entity.HasKey(message => message.TokenId);
        entity.Property(message => message.Destination).HasMaxLength(1024);
        entity.Property(message => message.MessageTypes).HasMaxLength(2048);
        entity.HasIndex(message => message.DueAt);
    }
}
