using ImageSaga.ServiceDefaults.Messaging;
using MassTransit;

namespace ImageSaga.Orchestrator;

/// <summary>Endpoint policy for the saga: its queue name, retry around the outbox, and the outbox itself.</summary>
public sealed class ImageAnalysisStateDefinition : SagaDefinition<ImageAnalysisState>
{
    public ImageAnalysisStateDefinition() => EndpointName = ImageSagaEndpoints.ImageAnalysisSaga;

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator,
        ISagaConfigurator<ImageAnalysisState> sagaConfigurator, IRegistrationContext context)
    {
        // Retry sits outside the outbox: an optimistic-concurrency conflict (several replies for one saga at once),
        // a duplicate insert (two uploads of one image) or a dropped database connection re-runs the whole message
        // with a fresh DbContext, and the commands buffered by the failed attempt are thrown away, not sent.
        endpointConfigurator.UseMessageRetry(retry =>
            retry.Exponential(12, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(25)));
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
