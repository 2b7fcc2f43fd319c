namespace ImageSaga.Users.Notifications;

/// <summary>
/// One notification about one image's outcome, stored once (the image id and kind are unique, so a redelivered
/// outcome event finds the existing row) and delivered through each channel the user chose.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; set; }

    public string UserId { get; set; } = "";

    public Guid ImageId { get; set; }

    /// <summary><c>analysis-completed</c> or <c>analysis-failed</c> (see <see cref="NotificationKinds"/>).</summary>
    public string Kind { get; set; } = "";

    /// <summary><c>Normal</c> or <c>High</c>.</summary>
    public string Priority { get; set; } = "";

    public string Title { get; set; } = "";

    public string Text { get; set; } = "";

    /// <summary>The JSON document delivered to webhooks and returned by the inbox.</summary>
    public string Payload { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public List<NotificationDelivery> Deliveries { get; set; } = [];
}
