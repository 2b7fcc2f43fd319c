namespace ImageSaga.Notifications.Webhooks;

/// <summary>What a delivery attempt means for the next one.</summary>
public enum WebhookOutcome
{
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Worth trying again later: 5xx, 408, 429, a timeout, or no connection (refused, reset, DNS failure).</summary>
    Retry,

    /// <summary>The receiver answered and will answer the same again (other 4xx, a redirect): do not retry.</summary>
    Failed,

    /// <summary>Not sent: the URL is not http(s) or resolves only to addresses webhooks may not reach. Do not retry.</summary>
    Refused,
}
