using ImageSaga.ServiceDefaults.Messaging;
using MassTransit;

namespace ImageSaga.Enrichment.Consumers;

/// <summary>
/// The enrichment queue. Database hiccups are retried in process, then redelivered later through the scheduler;
/// only then does the command fault, and the saga completes without insights (a warning), never hangs.
/// </summary>
public sealed class EnrichImageAnalysisConsumerDefinition : ConsumerDefinition<EnrichImageAnalysisConsumer>
{
    public EnrichImageAnalysisConsumerDefinition() => EndpointName = ImageSagaEndpoints.EnrichImageAnalysis;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<EnrichImageAnalysisConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseScheduledRedelivery(redelivery => redelivery.Intervals(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20)));
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(100, 500, 2000));
    }
}
