using ImageSaga.ServiceDefaults.Options;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageSaga.Imaging;

/// <summary>
/// Endpoint policy shared by the CPU-bound step consumers: a fixed queue name (what operators see and scale on),
/// a short in-process retry for transient I/O, then delayed redelivery through the message scheduler (the durable,
/// database-backed one on RabbitMQ) for longer outages, and concurrency no higher than the cores that do the work
/// unless <c>ImageSaga:Bus:Endpoints:&lt;queue&gt;</c> says otherwise. Only after all of that does a command fault,
/// and the saga records the step as failed.
/// </summary>
public abstract class AnalysisStepConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    readonly string _queue;

    protected AnalysisStepConsumerDefinition(string queue)
    {
        _queue = queue;
        EndpointName = queue;
        ConcurrentMessageLimit = Environment.ProcessorCount;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        var overrides = context.GetService<IOptions<BusOptions>>()?.Value.Endpoints;
        if (overrides is not null && overrides.TryGetValue(_queue, out var endpoint))
        {
            if (endpoint.ConcurrentMessageLimit is { } limit)
                endpointConfigurator.ConcurrentMessageLimit = limit;
            if (endpoint.PrefetchCount is { } prefetch)
                endpointConfigurator.PrefetchCount = prefetch;
        }

        endpointConfigurator.UseScheduledRedelivery(redelivery => redelivery.Intervals(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)));
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(200, 1000, 3000));
    }
}
