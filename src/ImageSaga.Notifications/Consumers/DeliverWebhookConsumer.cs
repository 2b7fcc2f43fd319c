using System.Text;
using ImageSaga.Contracts;
using ImageSaga.Notifications.Webhooks;
using ImageSaga.ServiceDefaults.Messaging;
using ImageSaga.Users.Notifications;
using ImageSaga.Users.Preferences;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSaga.Notifications.Consumers;

/// <summary>
/// Delivers one notification to the user's webhook. A failure that may pass (5xx, timeout, connection refused) is
/// retried with a growing delay: the next attempt is a new command scheduled through the message scheduler (durable,
/// in the database, on RabbitMQ deployments), so a retry survives restarts and holds no consumer while it waits.
/// The URL and secret are read at each attempt, so fixing the preferences fixes the retries. Every attempt is
/// recorded on the delivery and reported to the saga's history; none of it can fail the analysis.
/// </summary>
public sealed class DeliverWebhookConsumer(
    NotificationInbox inbox,
    UserPreferencesStore preferences,
    IWebhookSender sender,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<DeliverWebhookConsumer> logger) : IConsumer<DeliverWebhook>
{
    public async Task Consume(ConsumeContext<DeliverWebhook> context)
    {
        var command = context.Message;
        var notification = await inbox.GetAsync(command.NotificationId, context.CancellationToken);
        var delivery = notification?.Deliveries.FirstOrDefault(d => d.Channel == NotificationChannels.Webhook);
        if (notification is null || delivery is null)
        {
            logger.LogWarning("Webhook delivery for unknown notification {NotificationId} dropped", command.NotificationId);
            return;
        }

        // A redelivered or duplicated command for a delivery that already ended changes nothing.
        if (delivery.Status is DeliveryStatuses.Delivered or DeliveryStatuses.Failed or DeliveryStatuses.Refused || command.Attempt < delivery.Attempts)
            return;

        var webhook = (await preferences.GetAsync(notification.UserId, context.CancellationToken)).Webhook;
        var result = webhook is null || !Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url)
            ? new WebhookDeliveryResult(WebhookOutcome.Refused, null, "refused: the user has no webhook configured")
            : await sender.SendAsync(url, webhook.Secret, notification.Id, Encoding.UTF8.GetBytes(notification.Payload), context.CancellationToken);

        var settings = options.Value;
        var (status, nextAttemptAt) = result.Outcome switch
        {
            WebhookOutcome.Delivered => (DeliveryStatuses.Delivered, (DateTime?)null),
            WebhookOutcome.Retry when command.Attempt < settings.MaxAttempts =>
                (DeliveryStatuses.Retrying, clock.GetUtcNow().UtcDateTime + settings.DelayBeforeAttempt(command.Attempt + 1)),
            WebhookOutcome.Refused => (DeliveryStatuses.Refused, null),
            _ => (DeliveryStatuses.Failed, null),
        };
        var detail = status == DeliveryStatuses.Failed && result.Outcome == WebhookOutcome.Retry
            ? $"{result.Detail} (gave up after {command.Attempt} attempts)"
            : result.Detail;

        await inbox.UpdateDeliveryAsync(notification.Id, NotificationChannels.Webhook, status, command.Attempt, detail, nextAttemptAt,
            context.CancellationToken);
        if (nextAttemptAt is { } due)
        {
            await context.ScheduleSend(ImageSagaEndpoints.QueueAddress(ImageSagaEndpoints.DeliverWebhooks), due,
                command with { Attempt = command.Attempt + 1 }, context.CancellationToken);
        }

        await context.Publish(new NotificationDeliveryUpdated
        {
            NotificationId = notification.Id,
            ImageId = notification.ImageId,
            UserId = notification.UserId,
            Channel = NotificationChannels.Webhook,
            Status = status,
            Attempt = command.Attempt,
            Detail = detail,
            At = clock.GetUtcNow(),
        });
    }
}
