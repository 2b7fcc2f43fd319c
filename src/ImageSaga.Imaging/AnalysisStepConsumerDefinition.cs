using ImageSaga.ServiceDefaults.Messaging;
using MassTransit;

namespace ImageSaga.Imaging;

/// <summary>
/// Endpoint policy shared by the CPU-bound step consumers: a fixed queue name (what operators see and scale on),
/// a short in-process retry for transient I/O, then delayed redelivery through the message scheduler (the durable,
/// database-backed one on RabbitMQ) for longer outages, and concurrency no higher than the cores that do the work.
/// Only after all of that does a command fault, and the saga records the step as failed.
/// </summary>
public abstract class AnalysisStepConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected AnalysisStepConsumerDefinition(string queue)
    {
        EndpointName = queue;
        ConcurrentMessageLimit = Environment.ProcessorCount;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseScheduledRedelivery(redelivery => redelivery.Intervals(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)));
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(200, 1000, 3000));
    }
}
