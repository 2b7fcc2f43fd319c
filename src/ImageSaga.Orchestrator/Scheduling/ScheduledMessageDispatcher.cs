using System.Collections.Concurrent;
using System.Text.Json;
using ImageSaga.Orchestrator.Persistence;
using MassTransit;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageSaga.Orchestrator.Scheduling;

/// <summary>
/// The sending half of the durable scheduler: polls for due messages, claims each with a conditional update (so
/// several orchestrators can share the table), sends it, and deletes it. A crash between send and delete re-sends it
/// once the claim expires: delivery is at least once, and every consumer in the system is idempotent.
/// </summary>
sealed class ScheduledMessageDispatcher(IServiceScopeFactory scopeFactory, TimeProvider clock, ILogger<ScheduledMessageDispatcher> logger)
    : BackgroundService
{
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    static readonly TimeSpan ClaimFor = TimeSpan.FromSeconds(30);
    static readonly TimeSpan KeepTombstonesFor = TimeSpan.FromDays(1);
    static readonly ConcurrentDictionary<string, Type?> TypesByUrn = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                while (await DispatchDueAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Dispatching scheduled messages failed; retrying");
            }
        }
    }

    internal async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        await using var db = scope.ServiceProvider.GetRequiredService<IImageSagaDbContextFactory>().CreateDbContext();
        var bus = scope.ServiceProvider.GetRequiredService<IBus>();
        // Whole milliseconds: PostgreSQL keeps microseconds, .NET ticks are 100 ns, and the claim is matched by value.
        var now = TruncateToMilliseconds(clock.GetUtcNow().UtcDateTime);

        var due = await db.ScheduledMessages.AsNoTracking()
            .Where(row => row.CancelledAt == null && row.DueAt <= now && (row.LockedUntil == null || row.LockedUntil < now))
            .OrderBy(row => row.DueAt)
            .Take(100)
            .ToListAsync(cancellationToken);

        var sent = 0;
        foreach (var row in due)
        {
            var lockedUntil = now + ClaimFor;
            var claimed = await db.ScheduledMessages
                .Where(candidate => candidate.TokenId == row.TokenId && candidate.DueAt == row.DueAt && candidate.CancelledAt == null &&
                    (candidate.LockedUntil == null || candidate.LockedUntil < now))
                .ExecuteUpdateAsync(set => set.SetProperty(candidate => candidate.LockedUntil, lockedUntil), cancellationToken);
            if (claimed == 0)
                continue;

            await SendAsync(bus, row, cancellationToken);
            await db.ScheduledMessages
                .Where(candidate => candidate.TokenId == row.TokenId && candidate.LockedUntil == lockedUntil)
                .ExecuteDeleteAsync(cancellationToken);
            sent++;
        }

        var expired = now - KeepTombstonesFor;
        await db.ScheduledMessages.Where(row => row.CancelledAt != null && row.CancelledAt < expired).ExecuteDeleteAsync(cancellationToken);
        return sent;
    }

    static DateTime TruncateToMilliseconds(DateTime time) =>
        new(time.Ticks - time.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    async Task SendAsync(IBus bus, ScheduledMessage row, CancellationToken cancellationToken)
    {
        var messageType = row.MessageTypes.Split(';').Select(ResolveType).FirstOrDefault(type => type is not null);
        if (messageType is null)
        {
            // Nothing in this process knows the type: keep the row for an operator rather than drop a message.
            logger.LogError("Scheduled message {TokenId} has no known message type ({Types}); left in the table",
                row.TokenId, row.MessageTypes);
            return;
        }

        var message = JsonSerializer.Deserialize(row.Body, messageType, SystemTextJsonMessageSerializer.Options)!;
        var headers = row.Headers is null
            ? []
            : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(row.Headers, SystemTextJsonMessageSerializer.Options) ?? [];
        var endpoint = await bus.GetSendEndpoint(new Uri(row.Destination));
        await endpoint.Send(message, messageType, Pipe.Execute<SendContext>(send =>
        {
            send.CorrelationId = row.CorrelationId;
            send.ConversationId = row.ConversationId;
            foreach (var (key, value) in headers)
                send.Headers.Set(key, HeaderValue(value));
        }), cancellationToken);
    }

    static object? HeaderValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetInt64(out var number) => number,
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };

    /// <summary>Maps <c>urn:message:Namespace:Type</c> to a loaded type.</summary>
    static Type? ResolveType(string urn) => TypesByUrn.GetOrAdd(urn, static urn =>
    {
        const string prefix = "urn:message:";
        if (!urn.StartsWith(prefix, StringComparison.Ordinal))
            return null;
        var parts = urn[prefix.Length..].Split(':');
        if (parts.Length != 2)
            return null;
        var fullName = $"{parts[0]}.{parts[1]}";
        return AppDomain.CurrentDomain.GetAssemblies()
            .Select(assembly => assembly.GetType(fullName, throwOnError: false))
            .FirstOrDefault(type => type is not null);
    });
}
