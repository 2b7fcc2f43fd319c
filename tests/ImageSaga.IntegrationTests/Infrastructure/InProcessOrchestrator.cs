using ImageSaga.Contracts;
using ImageSaga.Orchestrator;
using ImageSaga.Orchestrator.Persistence;
using ImageSaga.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageSaga.IntegrationTests.Infrastructure;

/// <summary>
/// The orchestrator in the test process on the in-memory transport, with the real saga repository on a real
/// database, and optionally instant fake step services (the real ones are tested elsewhere; here the repository is
/// the thing under test).
/// </summary>
public static class InProcessOrchestrator
{
    public static async Task<IHost> StartAsync(string provider, string connectionString, string dataFolder, bool withSteps,
        OutcomeRecorder? recorder = null, int duplicateReplies = 0, IDictionary<string, string?>? settings = null,
        double stepTimeoutSeconds = 10,
        Action<IBusRegistrationConfigurator, IServiceCollection>? register = null)
    {
        var builder = Host.CreateApplicationBuilder();
        // MassTransit keeps a process-wide log context bound to the first logger factory it sees; a per-host factory
        // would be disposed with its host and break the next host's bus in this test process. A shared, never-disposed
        // factory avoids that, and keeps the warnings for failing tests to show.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(RecordingLoggerProvider.Factory);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImageSaga:Bus:Transport"] = "InMemory",
            ["ImageSaga:Bus:ConcurrentMessageLimit"] = "16",
            ["ImageSaga:Persistence:Provider"] = provider,
            ["ImageSaga:Persistence:ConnectionString"] = connectionString,
            ["ImageSaga:DataFolder"] = dataFolder,
            ["ImageSaga:Analysis:Steps:metadata:TimeoutSeconds"] = stepTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ImageSaga:Analysis:Steps:fingerprint:TimeoutSeconds"] = stepTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The repository is under test here, with two fake steps; the vision steps have their own tests.
            ["ImageSaga:Analysis:Steps:detection:Enabled"] = "false",
            ["ImageSaga:Analysis:Steps:classification:Enabled"] = "false",
            ["ImageSaga:Analysis:Steps:faces:Enabled"] = "false",
            ["ImageSaga:Analysis:Steps:moderation:Enabled"] = "false",
            ["ImageSaga:Analysis:Steps:enrichment:Enabled"] = "false",
            ["ImageSaga:Analysis:DeadlineSweepInterval"] = "00:00:00.200",
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.AddImageSagaPersistence();
        builder.AddOrchestratorServices();
        builder.Services.AddSingleton(new FakeStepSettings(duplicateReplies));
        builder.AddImageSagaDefaults(bus =>
        {
            bus.AddOrchestrator(builder.Configuration);
            if (withSteps)
            {
                bus.AddConsumer<FakeMetadataStep>().Endpoint(endpoint => endpoint.Name = "extract-metadata");
                bus.AddConsumer<FakeFingerprintStep>().Endpoint(endpoint => endpoint.Name = "compute-fingerprint");
            }

            if (recorder is not null)
                bus.AddConsumer<OutcomeRecorder>().Endpoint(endpoint => endpoint.Name = "test-outcomes");
            register?.Invoke(bus, builder.Services);
        });
        if (recorder is not null)
            builder.Services.AddSingleton(recorder);

        var host = builder.Build();
        await host.Services.MigrateImageSagaDatabaseAsync();
        await host.StartAsync();
        return host;
    }

    public static ImageUploaded Upload(Guid imageId) => new()
    {
        ImageId = imageId,
        UserId = "tester",
        StorageKey = $"images/{imageId:N}/original.jpg",
        Sha256 = new string('a', 64),
        ContentType = "image/jpeg",
        Length = 1234,
        OriginalFileName = "photo.jpg",
        UploadedAt = DateTimeOffset.UtcNow,
    };
}

public sealed record FakeStepSettings(int DuplicateReplies);

/// <summary>Answers at once, and repeats its answer to provoke concurrent updates of the same saga.</summary>
public sealed class FakeMetadataStep(FakeStepSettings settings) : IConsumer<ExtractMetadata>
{
    public async Task Consume(ConsumeContext<ExtractMetadata> context)
    {
        for (var i = 0; i <= settings.DuplicateReplies; i++)
        {
            await context.Publish(new MetadataExtracted
            {
                ImageId = context.Message.ImageId,
                Metadata = new ImageMetadata { Format = "JPEG", Width = 640, Height = 480, OrientedWidth = 640, OrientedHeight = 480 },
            });
        }
    }
}

public sealed class FakeFingerprintStep(FakeStepSettings settings) : IConsumer<ComputeFingerprint>
{
    public async Task Consume(ConsumeContext<ComputeFingerprint> context)
    {
        for (var i = 0; i <= settings.DuplicateReplies; i++)
        {
            await context.Publish(new FingerprintComputed
            {
                ImageId = context.Message.ImageId,
                Fingerprint = new ImageFingerprint { PerceptualHash = "0123456789abcdef", ThumbnailKey = "t.jpg" },
            });
        }
    }
}
