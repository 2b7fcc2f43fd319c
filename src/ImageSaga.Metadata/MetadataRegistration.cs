using ImageSaga.Metadata.Consumers;
using ImageSaga.Imaging;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageSaga.Metadata;

public static class MetadataRegistration
{
    public static IBusRegistrationConfigurator AddMetadataConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ExtractMetadataConsumer, ExtractMetadataConsumerDefinition>();
        bus.AddConsumer<ComputeFingerprintConsumer, ComputeFingerprintConsumerDefinition>();
        return bus;
    }

    public static IHostApplicationBuilder AddMetadataServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(provider => new MetadataExtractor(provider.GetRequiredService<IOptions<ImageLimitsOptions>>().Value.ToImageLimits()));
        builder.Services.AddSingleton<FingerprintCalculator>();
        builder.Services.TryAddSingleton<VerifiedImageCache>();
        builder.Services.TryAddSingleton<DecodedImageCache>();
        builder.Services.TryAddSingleton<ComputeGate>();
        return builder;
    }
}
