using System.Text.Json;
using ImageSaga.Users.Notifications;

namespace ImageSaga.Api.Users;

/// <summary>A stored notification with its delivery status per channel.</summary>
public sealed record NotificationView(
    Guid Id,
    Guid ImageId,
    string Kind,
    string Priority,
    string Title,
    string Text,
    DateTime CreatedAt,
    JsonElement Payload,
    IReadOnlyList<DeliveryView> Deliveries)
{
    public static NotificationView From(Notification notification) => new(
        notification.Id,
        notification.ImageId,
        notification.Kind,
        notification.Priority,
        notification.Title,
        notification.Text,
        notification.CreatedAt,
        JsonDocument.Parse(notification.Payload).RootElement.Clone(),
        notification.Deliveries.OrderBy(delivery => delivery.Channel, StringComparer.Ordinal)
            .Select(delivery => new DeliveryView(delivery.Channel, delivery.Status, delivery.Attempts, delivery.Detail, delivery.UpdatedAt,
                delivery.DeliveredAt, delivery.NextAttemptAt))
            .ToList());
}

public sealed record DeliveryView(
    string Channel,
    string Status,
    int Attempts,
    string? Detail,
    DateTime UpdatedAt,
    DateTime? DeliveredAt,
    DateTime? NextAttemptAt);
