using ImageSaga.ServiceDefaults;
using ImageSaga.ServiceDefaults.Storage;
using ImageSaga.Vision.Classification;
using ImageSaga.Vision.Consumers;
using ImageSaga.Vision.Detection;
using ImageSaga.Vision.Faces;
using ImageSaga.Vision.Models;
using ImageSaga.Vision.Moderation;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ImageSaga.Imaging;
using Microsoft.Extensions.Hosting;

namespace ImageSaga.Vision;

/// <summary>
/// The four vision services. Each is selected on its own (<c>--services detection</c>, …), so each can run, and be
/// scaled, as its own process; each loads only its own model.
/// </summary>
public static class VisionRegistration
{
    public static IBusRegistrationConfigurator AddVisionConsumers(this IBusRegistrationConfigurator bus, ServiceSelection services)
    {
        if (services.Runs(ServiceSelection.Detection))
            bus.AddConsumer<DetectObjectsConsumer, DetectObjectsConsumerDefinition>();
        if (services.Runs(ServiceSelection.Classification))
            bus.AddConsumer<ClassifyImageConsumer, ClassifyImageConsumerDefinition>();
        if (services.Runs(ServiceSelection.Faces))
            bus.AddConsumer<DetectFacesConsumer, DetectFacesConsumerDefinition>();
        if (services.Runs(ServiceSelection.Moderation))
            bus.AddConsumer<ModerateContentConsumer, ModerateContentConsumerDefinition>();
        return bus;
    }

    public static IHostApplicationBuilder AddVisionServices(this IHostApplicationBuilder builder, ServiceSelection services)
    {
        if (!ServiceSelection.Vision.Any(services.Runs))
            return builder;

        builder.Services.AddOptions<VisionOptions>().Bind(builder.Configuration.GetSection(VisionOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ModelLoader>();
        builder.Services.TryAddSingleton<VerifiedImageCache>();
        builder.Services.TryAddSingleton<DecodedImageCache>();
        builder.Services.TryAddSingleton<ComputeGate>();
        builder.Services.AddSingleton<ObjectDetector>();
        builder.Services.AddSingleton<ImageClassifier>();
        builder.Services.AddSingleton<FaceDetector>();
        builder.Services.AddSingleton<ContentModerator>();
        builder.Services.AddHostedService(provider => new ModelWarmup(provider, services));
        return builder;
    }
}

/// <summary>
/// Loads the selected services' models before the bus starts consuming, so a missing or wrong model file stops the
/// process at start with a message naming the file, never at the first image.
/// </summary>
sealed class ModelWarmup(IServiceProvider provider, ServiceSelection services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.Runs(ServiceSelection.Detection))
            provider.GetRequiredService<ObjectDetector>();
        if (services.Runs(ServiceSelection.Classification))
            provider.GetRequiredService<ImageClassifier>();
        if (services.Runs(ServiceSelection.Faces))
            provider.GetRequiredService<FaceDetector>();
        if (services.Runs(ServiceSelection.Moderation))
            provider.GetRequiredService<ContentModerator>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
