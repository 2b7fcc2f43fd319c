using ImageSaga.ServiceDefaults.Messaging;
using MassTransit;
using MassTransit.Middleware;

namespace ImageSaga.Orchestrator.Intake;

sealed class ImageUploadIntakeConsumerDefinition : ConsumerDefinition<ImageUploadIntakeConsumer>
{
    public ImageUploadIntakeConsumerDefinition() => EndpointName = ImageSagaEndpoints.ImageUploadIntake;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ImageUploadIntakeConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // Bound only to its own exchange: binding to ImageUploaded's exchange would receive our own republish.
        endpointConfigurator.ConfigureConsumeTopology = false;
        // Plain JSON without an envelope is what this endpoint is for; enveloped messages still work too.
        endpointConfigurator.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: true);
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Ignore<InvalidUploadMessageException>();
            retry.Intervals(100, 500, 2000);
        });
        // A value of the wrong type is reported as an invalid upload that names its field; then MassTransit's own error
        // pipe (configuring it replaces the default, so both of its filters are listed): the fault, the error queue.
        endpointConfigurator.ConfigureError(error =>
        {
            error.UseFilter(new UploadFieldTypeFilter());
            error.UseFilter(new GenerateFaultFilter());
            error.UseFilter(new ErrorTransportFilter());
        });
    }
}
