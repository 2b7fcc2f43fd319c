namespace ImageSaga.Contracts;

/// <summary>
/// Command to the notification service's webhook queue: deliver one stored notification to the user's webhook.
/// The URL and signing secret are read from the user's preferences at delivery time, so no secret travels on the bus
/// or waits in the scheduler; <see cref="Attempt"/> counts deliveries, each retry being scheduled with a longer delay.
/// </summary>
public sealed record DeliverWebhook
{
    /// <summary>The stored notification to deliver.</summary>
    public Guid NotificationId { get; init; }

    /// <summary>The notification's user.</summary>
    public string UserId { get; init; } = "";

    /// <summary>The image the notification is about (and its saga).</summary>
    public Guid ImageId { get; init; }

    /// <summary>1 for the first delivery.</summary>
    public int Attempt { get; init; } = 1;
}
