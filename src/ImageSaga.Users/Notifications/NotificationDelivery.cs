namespace ImageSaga.Users.Notifications;

/// <summary>Where one channel's delivery of a notification stands.</summary>
public sealed class NotificationDelivery
{
    public Guid NotificationId { get; set; }

    /// <summary><c>inbox</c> or <c>webhook</c>.</summary>
    public string Channel { get; set; } = "";

    /// <summary>See <see cref="DeliveryStatuses"/>.</summary>
    public string Status { get; set; } = DeliveryStatuses.Pending;

    public int Attempts { get; set; }

    /// <summary>The last attempt's outcome, e.g. <c>HTTP 500</c>.</summary>
    public string? Detail { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    /// <summary>When the next attempt is scheduled, while retrying.</summary>
    public DateTime? NextAttemptAt { get; set; }
}
