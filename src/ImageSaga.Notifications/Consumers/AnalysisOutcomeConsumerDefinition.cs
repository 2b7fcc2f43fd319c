using ImageSaga.ServiceDefaults.Messaging;
using MassTransit;

namespace ImageSaga.Notifications.Consumers;

/// <summary>The notification service's queue for analysis outcomes; database hiccups are retried, then redelivered.</summary>
public sealed class AnalysisOutcomeConsumerDefinition : ConsumerDefinition<AnalysisOutcomeConsumer>
{
    public AnalysisOutcomeConsumerDefinition() => EndpointName = ImageSagaEndpoints.NotifyUsers;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<AnalysisOutcomeConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseScheduledRedelivery(redelivery => redelivery.Intervals(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)));
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(100, 500, 2000));
        // The notification is written before anything is published, so messages published by a failed attempt
        // must not leave: the outbox holds them until the consumer succeeds.
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
