namespace ImageSaga.Contracts;

/// <summary>
/// A notification was stored in a user's inbox. Every API instance receives it (each on its own temporary queue) and
/// pushes it to that user's open Server-Sent Events streams.
/// </summary>
public sealed record UserNotified
{
    /// <summary>The stored notification.</summary>
    public Guid NotificationId { get; init; }

    /// <summary>The user notified.</summary>
    public string UserId { get; init; } = "";

    /// <summary>The image it is about.</summary>
    public Guid ImageId { get; init; }

    /// <summary><c>analysis-completed</c> or <c>analysis-failed</c>.</summary>
    public string Kind { get; init; } = "";

    /// <summary>How urgent.</summary>
    public NotificationPriority Priority { get; init; }

    /// <summary>Short title.</summary>
    public string Title { get; init; } = "";

    /// <summary>The text, e.g. the description and highlights.</summary>
    public string Text { get; init; } = "";

    /// <summary>When it was stored.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
