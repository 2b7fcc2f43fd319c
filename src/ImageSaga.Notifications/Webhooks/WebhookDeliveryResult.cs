namespace ImageSaga.Notifications.Webhooks;

/// <summary>One delivery attempt's outcome; <paramref name="Detail"/> is shown to the user in the delivery history.</summary>
/// <param name="Outcome">Whether it arrived, and if not, whether to try again.</param>
/// <param name="StatusCode">The receiver's HTTP status, when it answered at all.</param>
/// <param name="Detail">For example <c>HTTP 500: upstream unavailable</c>, <c>timed out after 10 s</c>, <c>refused: 127.0.0.1 is a loopback address</c>.</param>
public sealed record WebhookDeliveryResult(WebhookOutcome Outcome, int? StatusCode, string Detail);
