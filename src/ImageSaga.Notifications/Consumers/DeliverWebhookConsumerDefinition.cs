using ImageSaga.ServiceDefaults.Messaging;
using MassTransit;

namespace ImageSaga.Notifications.Consumers;

/// <summary>
/// The webhook queue. Endpoint failures are handled by the consumer itself (recorded, then scheduled again); the
/// retry here only covers our own database or scheduler being briefly unavailable.
/// </summary>
public sealed class DeliverWebhookConsumerDefinition : ConsumerDefinition<DeliverWebhookConsumer>
{
    public DeliverWebhookConsumerDefinition()
    {
        EndpointName = ImageSagaEndpoints.DeliverWebhooks;
        // Deliveries mostly wait on the network, not the CPU.
        ConcurrentMessageLimit = 16;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<DeliverWebhookConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(200, 1000, 5000));
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
