using System.Text.Json;
using MassTransit;
using MassTransit.Scheduling;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using ImageSaga.Orchestrator.Persistence;

namespace ImageSaga.Orchestrator.Scheduling;

/// <summary>
/// The receiving half of our durable scheduler: MassTransit's <c>UseMessageScheduler</c> turns every
/// <c>Schedule</c>, <c>ScheduleSend</c> and scheduled redelivery into a <see cref="ScheduleMessage"/> (and every
/// <c>Unschedule</c> into a <see cref="CancelScheduledMessage"/>) sent to the scheduler queue; this stores them.
/// The same contract Quartz and Hangfire serve, so nothing else in the system knows the difference.
/// </summary>
public sealed class ScheduleMessageConsumer(IImageSagaDbContextFactory dbContextFactory, TimeProvider clock) :
    IConsumer<ScheduleMessage>,
    IConsumer<CancelScheduledMessage>
{
    public async Task Consume(ConsumeContext<ScheduleMessage> context)
    {
        var message = context.Message;
        var headers = context.Headers.GetAll().ToDictionary(header => header.Key, header => header.Value);

        await using var db = dbContextFactory.CreateDbContext();
        var existing = await db.ScheduledMessages.FindAsync([message.CorrelationId], context.CancellationToken);
        if (existing?.CancelledAt is not null)
            return;
        var row = existing ?? new ScheduledMessage { TokenId = message.CorrelationId, CreatedAt = clock.GetUtcNow().UtcDateTime };
        row.DueAt = DateTime.SpecifyKind(message.ScheduledTime.ToUniversalTime(), DateTimeKind.Utc);
        row.Destination = message.Destination.ToString();
        row.MessageTypes = string.Join(";", message.PayloadType);
        row.Body = JsonSerializer.Serialize(message.Payload, SystemTextJsonMessageSerializer.Options);
        row.Headers = headers.Count == 0 ? null : JsonSerializer.Serialize(headers, SystemTextJsonMessageSerializer.Options);
        row.CorrelationId = context.CorrelationId;
        row.ConversationId = context.ConversationId;
        row.LockedUntil = null;
        if (existing is null)
            db.ScheduledMessages.Add(row);
        await db.SaveChangesAsync(context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<CancelScheduledMessage> context)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbContextFactory.CreateDbContext();
        var row = await db.ScheduledMessages.FindAsync([context.Message.TokenId], context.CancellationToken);
        if (row is null)
        {
            // The cancel overtook its schedule: leave a tombstone so the schedule is ignored when it arrives.
            db.ScheduledMessages.Add(new ScheduledMessage { TokenId = context.Message.TokenId, DueAt = now, CreatedAt = now, CancelledAt = now });
        }
        else
        {
            row.CancelledAt ??= now;
            row.Body = "";
            row.Headers = null;
        }

        await db.SaveChangesAsync(context.CancellationToken);
    }
}
