using ImageSaga.Users.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ImageSaga.Users.Notifications;

/// <summary>Stored notifications and their per-channel delivery status.</summary>
public sealed class NotificationInbox(IUserDataDbContextFactory factory, TimeProvider clock)
{
    public const int MaxPageSize = 200;

    /// <summary>
    /// Stores <paramref name="notification"/> with a pending delivery per channel, unless one for the same image and
    /// kind exists: then that one is returned and <c>Created</c> is false (a redelivered outcome event).
    /// </summary>
    public async Task<(Notification Notification, bool Created)> AddOnceAsync(Notification notification, IEnumerable<string> channels,
        CancellationToken cancellationToken)
    {
        await using var db = factory.CreateDbContext();
        var existing = await FindAsync(db, notification.ImageId, notification.Kind, cancellationToken);
        if (existing is not null)
            return (existing, false);

        var now = clock.GetUtcNow().UtcDateTime;
        notification.CreatedAt = now;
        notification.Deliveries = channels
            .Select(channel => new NotificationDelivery { NotificationId = notification.Id, Channel = channel, UpdatedAt = now })
            .ToList();
        db.Notifications.Add(notification);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (notification, true);
        }
        catch (DbUpdateException)
        {
            // The unique (image, kind) index: a concurrent delivery of the same event stored it first.
            await using var again = factory.CreateDbContext();
            return (await FindAsync(again, notification.ImageId, notification.Kind, cancellationToken)
                ?? throw new InvalidOperationException($"Notification for image {notification.ImageId} could not be stored."), false);
        }
    }

    public async Task<Notification?> GetAsync(Guid notificationId, CancellationToken cancellationToken)
    {
        await using var db = factory.CreateDbContext();
        return await db.Notifications.AsNoTracking().Include(notification => notification.Deliveries)
            .SingleOrDefaultAsync(notification => notification.Id == notificationId, cancellationToken);
    }

    /// <summary>A user's notifications, newest first; <paramref name="before"/> pages back in time.</summary>
    public async Task<IReadOnlyList<Notification>> ListAsync(string userId, int limit, DateTime? before, CancellationToken cancellationToken)
    {
        await using var db = factory.CreateDbContext();
        var query = db.Notifications.AsNoTracking().Include(notification => notification.Deliveries)
            .Where(notification => notification.UserId == userId);
        if (before is { } cutoff)
            query = query.Where(notification => notification.CreatedAt < cutoff);
        return await query.OrderByDescending(notification => notification.CreatedAt)
            .Take(Math.Clamp(limit, 1, MaxPageSize))
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
    }

    /// <summary>Records a channel's delivery attempt. Returns false when the delivery does not exist.</summary>
    public async Task<bool> UpdateDeliveryAsync(Guid notificationId, string channel, string status, int attempts, string? detail,
        DateTime? nextAttemptAt, CancellationToken cancellationToken)
    {
        await using var db = factory.CreateDbContext();
        var delivery = await db.Deliveries.SingleOrDefaultAsync(d => d.NotificationId == notificationId && d.Channel == channel, cancellationToken);
        if (delivery is null)
            return false;

        var now = clock.GetUtcNow().UtcDateTime;
        delivery.Status = status;
        delivery.Attempts = Math.Max(delivery.Attempts, attempts);
        delivery.Detail = detail is { Length: > 1000 } ? detail[..1000] : detail;
        delivery.UpdatedAt = now;
        delivery.NextAttemptAt = nextAttemptAt;
        if (status == DeliveryStatuses.Delivered)
            delivery.DeliveredAt ??= now;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    static Task<Notification?> FindAsync(UserDataDbContext db, Guid imageId, string kind, CancellationToken cancellationToken) =>
        db.Notifications.AsNoTracking().Include(notification => notification.Deliveries)
            .SingleOrDefaultAsync(notification => notification.ImageId == imageId && notification.Kind == kind, cancellationToken);
}
