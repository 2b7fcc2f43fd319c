namespace ImageSaga.Notifications.Webhooks;

/// <summary>Delivers one signed webhook request; the seam that lets the webhook consumer be tested without HTTP.</summary>
public interface IWebhookSender
{
    /// <inheritdoc cref="WebhookSender.SendAsync"/>
    Task<WebhookDeliveryResult> SendAsync(Uri url, string secret, Guid deliveryId, ReadOnlyMemory<byte> jsonBody, CancellationToken cancellationToken);
}
