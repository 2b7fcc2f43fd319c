using ImageSaga.Notifications.Consumers;
using ImageSaga.Notifications.Webhooks;
using ImageSaga.Users.Persistence;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageSaga.Notifications;

public static class NotificationsRegistration
{
    public static IHostApplicationBuilder AddNotificationServices(this IHostApplicationBuilder builder)
    {
        builder.AddUserData();
        builder.Services.AddWebhookSender(builder.Configuration);
        return builder;
    }

    public static IBusRegistrationConfigurator AddNotificationConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<AnalysisOutcomeConsumer, AnalysisOutcomeConsumerDefinition>();
        bus.AddConsumer<DeliverWebhookConsumer, DeliverWebhookConsumerDefinition>();
        return bus;
    }
}
