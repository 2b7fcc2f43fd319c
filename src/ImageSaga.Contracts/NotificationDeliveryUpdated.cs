namespace ImageSaga.Contracts;

/// <summary>
/// A notification channel delivered, is retrying, failed or refused. The saga records it in the image's execution
/// history; a failing channel never changes the analysis outcome.
/// </summary>
public sealed record NotificationDeliveryUpdated
{
    /// <summary>The notification.</summary>
    public Guid NotificationId { get; init; }

    /// <summary>The image (and saga) it is about.</summary>
    public Guid ImageId { get; init; }

    /// <summary>The user notified.</summary>
    public string UserId { get; init; } = "";

    /// <summary><c>inbox</c> or <c>webhook</c>.</summary>
    public string Channel { get; init; } = "";

    /// <summary><c>delivered</c>, <c>retrying</c>, <c>failed</c> or <c>refused</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary>Which delivery attempt this reports (1 for the first).</summary>
    public int Attempt { get; init; }

    /// <summary>What happened, e.g. <c>HTTP 500</c>, <c>refused: 10.0.0.5 is a private address</c>.</summary>
    public string? Detail { get; init; }

    /// <summary>When.</summary>
    public DateTimeOffset At { get; init; }
}
