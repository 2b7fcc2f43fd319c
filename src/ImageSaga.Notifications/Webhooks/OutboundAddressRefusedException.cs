namespace ImageSaga.Notifications.Webhooks;

/// <summary>
/// Thrown from the connect callback when a host resolves only to addresses the <see cref="OutboundAddressPolicy"/>
/// refuses; <see cref="WebhookSender"/> finds it inside the <see cref="HttpRequestException"/> and turns it into a
/// <see cref="WebhookOutcome.Refused"/> result, so it never reaches callers.
/// </summary>
public sealed class OutboundAddressRefusedException : Exception
{
    public OutboundAddressRefusedException()
    {
    }

    public OutboundAddressRefusedException(string message)
        : base(message)
    {
    }

    public OutboundAddressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
