using ImageSaga.Contracts;
using ImageSaga.ServiceDefaults.Messaging;
using ImageSaga.Users.Notifications;
using ImageSaga.Users.Preferences;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace ImageSaga.Notifications.Consumers;

/// <summary>
/// Notifies the owner of every analysis outcome, completed or failed, through the channels they chose: stores the
/// notification (once per image and outcome), delivers it to the inbox at once and hands webhook delivery to its own
/// queue, where slow or failing endpoints retry without holding this one up. A redelivered outcome finds the stored
/// notification and only resumes the channels still pending.
/// </summary>
public sealed class AnalysisOutcomeConsumer(UserPreferencesStore preferences, NotificationInbox inbox, TimeProvider clock,
    ILogger<AnalysisOutcomeConsumer> logger) :
    IConsumer<ImageAnalysisCompleted>,
    IConsumer<ImageAnalysisFailed>
{
    public Task Consume(ConsumeContext<ImageAnalysisCompleted> context) =>
        NotifyAsync(context, context.Message.UserId, NotificationComposer.Compose(context.Message));

    public Task Consume(ConsumeContext<ImageAnalysisFailed> context) =>
        NotifyAsync(context, context.Message.UserId, NotificationComposer.Compose(context.Message));

    async Task NotifyAsync(ConsumeContext context, string userId, Notification composed)
    {
        if (string.IsNullOrWhiteSpace(userId))
            return;

        var userPreferences = await preferences.GetAsync(userId, context.CancellationToken);
        var (notification, _) = await inbox.AddOnceAsync(composed, userPreferences.Channels, context.CancellationToken);
        // One line per outcome; the image id is on it as a scope (see ImageIdLogScopeFilter).
        logger.LogInformation("Notifying {UserId} of {Kind}: {Title} ({Channels})", userId, notification.Kind, notification.Title,
            string.Join(", ", notification.Deliveries.Select(delivery => $"{delivery.Channel} {delivery.Status}")));

        foreach (var delivery in notification.Deliveries.Where(delivery => delivery.Status == DeliveryStatuses.Pending))
        {
            if (delivery.Channel == NotificationChannels.Inbox)
                await DeliverToInboxAsync(context, notification);
            else if (delivery.Channel == NotificationChannels.Webhook)
            {
                var endpoint = await context.GetSendEndpoint(ImageSagaEndpoints.QueueAddress(ImageSagaEndpoints.DeliverWebhooks));
                await endpoint.Send(new DeliverWebhook { NotificationId = notification.Id, UserId = userId, ImageId = notification.ImageId, Attempt = 1 },
                    context.CancellationToken);
            }
        }
    }

    async Task DeliverToInboxAsync(ConsumeContext context, Notification notification)
    {
        await inbox.UpdateDeliveryAsync(notification.Id, NotificationChannels.Inbox, DeliveryStatuses.Delivered, 1, null, null, context.CancellationToken);
        var now = clock.GetUtcNow();
        await context.Publish(new UserNotified
        {
            NotificationId = notification.Id,
            UserId = notification.UserId,
            ImageId = notification.ImageId,
            Kind = notification.Kind,
            Priority = Enum.TryParse<NotificationPriority>(notification.Priority, out var priority) ? priority : NotificationPriority.Normal,
            Title = notification.Title,
            Text = notification.Text,
            CreatedAt = new DateTimeOffset(notification.CreatedAt, TimeSpan.Zero),
        });
        await context.Publish(new NotificationDeliveryUpdated
        {
            NotificationId = notification.Id,
            ImageId = notification.ImageId,
            UserId = notification.UserId,
            Channel = NotificationChannels.Inbox,
            Status = DeliveryStatuses.Delivered,
            Attempt = 1,
            At = now,
        });
    }
}
