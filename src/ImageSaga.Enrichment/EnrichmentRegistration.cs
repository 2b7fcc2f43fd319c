using ImageSaga.Enrichment.Consumers;
using ImageSaga.Enrichment.Insights;
using ImageSaga.Enrichment.Places;
using ImageSaga.Users.Persistence;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSaga.Enrichment;

public static class EnrichmentRegistration
{
    public static IHostApplicationBuilder AddEnrichmentServices(this IHostApplicationBuilder builder)
    {
        builder.AddUserData();
        builder.Services.AddOptions<EnrichmentOptions>().Bind(builder.Configuration.GetSection(EnrichmentOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<InsightBuilder>();
        builder.Services.AddSingleton(LoadGazetteer);
        // Load the places before the first message: a missing required file stops the service at start, naming it.
        builder.Services.AddHostedService<GazetteerWarmup>();
        return builder;
    }

    public static IBusRegistrationConfigurator AddEnrichmentConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<EnrichImageAnalysisConsumer, EnrichImageAnalysisConsumerDefinition>();
        return bus;
    }

    static IGazetteer LoadGazetteer(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<EnrichmentOptions>>().Value;
        var file = options.ResolveGazetteerFile();
        if (!File.Exists(file) && !options.RequireGazetteer)
        {
            provider.GetRequiredService<ILoggerFactory>().CreateLogger("ImageSaga.Enrichment")
                .LogWarning("No gazetteer at {File}: photos with GPS positions get coordinates but no place names", file);
            return NoGazetteer.Instance;
        }

        return CityGazetteer.Load(file);
    }

    sealed class GazetteerWarmup(IGazetteer gazetteer) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(gazetteer);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
