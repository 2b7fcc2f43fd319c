using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Steps;
using ImageSaga.ServiceDefaults.Messaging;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSaga.Orchestrator.Tests.Support;

/// <summary>
/// One test's bus: the saga on an in-memory repository plus scripted fake steps on the real step queues.
/// </summary>
/// <remarks>
/// The harness's own <c>Any</c>/<c>Select</c> waits end for good once the bus has been idle for the inactivity timeout
/// (a one-shot token), after which they silently become snapshots. So this class waits for concrete effects instead
/// (a saga state, a message consumed, a command sent) and reads the harness lists as snapshots, and uses the
/// inactivity task only in <see cref="Settle"/>, before asserting that something did <em>not</em> happen.
/// </remarks>
public sealed class SagaScenario : IAsyncDisposable
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    static readonly CancellationToken Snapshot = new(canceled: true);

    readonly ServiceProvider _provider;

    SagaScenario(ServiceProvider provider)
    {
        _provider = provider;
        Harness = provider.GetRequiredService<ITestHarness>();
        Saga = Harness.GetSagaStateMachineHarness<ImageAnalysisStateMachine, ImageAnalysisState>();
        Script = provider.GetRequiredService<StepScript>();
    }

    public ITestHarness Harness { get; }

    public ISagaStateMachineTestHarness<ImageAnalysisStateMachine, ImageAnalysisState> Saga { get; }

    public ImageAnalysisStateMachine Machine => Saga.StateMachine;

    public StepScript Script { get; }

    /// <summary>Starts a bus whose analysis options are the defaults (metadata required, fingerprint optional, 60 s, 2 retries) after <paramref name="configure"/>.</summary>
    public static async Task<SagaScenario> Start(Action<AnalysisOptions>? configure = null, bool withVisionSteps = false)
    {
        var services = new ServiceCollection();
        // An ILoggerFactory without providers keeps the harness from logging every message to the console.
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StepScript>();
        services.AddOptions<AnalysisOptions>().Configure(options =>
        {
            options.Steps = withVisionSteps ? new AnalysisOptions().Steps : Samples.TwoStepOptions().Steps;
            configure?.Invoke(options);
        });
        services.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testTimeout: Patience, testInactivityTimeout: TimeSpan.FromMilliseconds(300));
            x.AddSagaStateMachine<ImageAnalysisStateMachine, ImageAnalysisState>().InMemoryRepository();
            x.AddConsumer<FakeMetadataStep>().Endpoint(e => e.Name = ImageSagaEndpoints.ExtractMetadata);
            x.AddConsumer<FakeFingerprintStep>().Endpoint(e => e.Name = ImageSagaEndpoints.ComputeFingerprint);
            if (withVisionSteps)
            {
                x.AddConsumer<FakeDetectionStep>().Endpoint(e => e.Name = ImageSagaEndpoints.DetectObjects);
                x.AddConsumer<FakeClassificationStep>().Endpoint(e => e.Name = ImageSagaEndpoints.ClassifyImage);
                x.AddConsumer<FakeFacesStep>().Endpoint(e => e.Name = ImageSagaEndpoints.DetectFaces);
                x.AddConsumer<FakeModerationStep>().Endpoint(e => e.Name = ImageSagaEndpoints.ModerateContent);
                x.AddConsumer<FakeEnrichmentStep>().Endpoint(e => e.Name = ImageSagaEndpoints.EnrichImageAnalysis);
            }
        });

        var scenario = new SagaScenario(services.BuildServiceProvider(validateScopes: true));
        await scenario.Harness.Start();
        return scenario;
    }

    /// <summary>Publishes an upload of a new image (or of <paramref name="imageId"/> again) and returns the image id.</summary>
    public async Task<Guid> Upload(Guid? imageId = null)
    {
        var id = imageId ?? NewId.NextGuid();
        await PublishAndWait(Samples.Upload(id));
        return id;
    }

    /// <summary>Publishes a message and returns once the bus has consumed it (so its effects are visible).</summary>
    public async Task PublishAndWait<T>(T message)
        where T : class
    {
        var messageId = NewId.NextGuid();
        await Harness.Bus.Publish(message, context => context.MessageId = messageId);
        await Eventually(() => Harness.Consumed.Select(m => m.Context.MessageId == messageId, Snapshot).Any(),
            $"the {typeof(T).Name} {messageId} was never consumed");
    }

    /// <summary>Sends a command to a step's queue, as the saga would, and returns once the step consumed it.</summary>
    public async Task SendToStepAndWait<T>(string queue, T command)
        where T : class
    {
        var messageId = NewId.NextGuid();
        var endpoint = await Harness.Bus.GetSendEndpoint(ImageSagaEndpoints.QueueAddress(queue));
        await endpoint.Send(command, context => context.MessageId = messageId);
        await Eventually(() => Harness.Consumed.Select(m => m.Context.MessageId == messageId, Snapshot).Any(),
            $"the {typeof(T).Name} {messageId} was never consumed");
    }

    /// <summary>"Moves time forward" past the saga's earliest pending deadline, the way the deadline sweeper would.</summary>
    public async Task PassNextDeadline(Guid imageId)
    {
        var deadline = Instance(imageId).NextDeadlineAt.ShouldNotBeNull("the saga has no pending deadline");
        await PublishDeadline(imageId, new DateTimeOffset(deadline, TimeSpan.Zero).AddSeconds(1));
    }

    public Task PublishDeadline(Guid imageId, DateTimeOffset deadline) =>
        PublishAndWait(new ImageAnalysisDeadlineReached { ImageId = imageId, Deadline = deadline });

    /// <summary>Waits until the saga of <paramref name="imageId"/> is in the given state and returns it.</summary>
    public async Task<ImageAnalysisState> InState(Guid imageId, Func<ImageAnalysisStateMachine, State> state)
    {
        var found = await Saga.Exists(imageId, state, Patience);
        found.ShouldNotBeNull($"the saga never reached {state(Machine).Name}; it is {TryInstance(imageId)?.CurrentState ?? "missing"}");
        return Instance(imageId);
    }

    public ImageAnalysisState Instance(Guid imageId) =>
        TryInstance(imageId).ShouldNotBeNull($"no saga for {imageId}");

    public ImageAnalysisState? TryInstance(Guid imageId) =>
        Saga.Sagas.Select(saga => saga.CorrelationId == imageId, Snapshot).Select(instance => instance.Saga).FirstOrDefault();

    public IReadOnlyList<T> Published<T>(Func<T, bool>? filter = null)
        where T : class =>
        Harness.Published.Select(m => m.MessageObject is T, Snapshot)
            .Select(m => (T)m.MessageObject)
            .Where(filter ?? (_ => true))
            .ToList();

    public IReadOnlyList<T> Sent<T>(Func<T, bool>? filter = null)
        where T : class =>
        Harness.Sent.Select(m => m.MessageObject is T, Snapshot)
            .Select(m => (T)m.MessageObject)
            .Where(filter ?? (_ => true))
            .ToList();

    public IReadOnlyList<ExtractMetadata> MetadataCommands(Guid imageId) => Sent<ExtractMetadata>(c => c.ImageId == imageId);

    public IReadOnlyList<ComputeFingerprint> FingerprintCommands(Guid imageId) => Sent<ComputeFingerprint>(c => c.ImageId == imageId);

    public IReadOnlyList<ImageAnalysisCompleted> Completions(Guid imageId) => Published<ImageAnalysisCompleted>(m => m.ImageId == imageId);

    public IReadOnlyList<ImageAnalysisFailed> Failures(Guid imageId) => Published<ImageAnalysisFailed>(m => m.ImageId == imageId);

    /// <summary>Messages the saga endpoint failed to handle: a saga exception would show up here as a fault.</summary>
    public IReadOnlyList<string> SagaFaults() =>
        Published<object>(m => m.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(Fault<>)))
            .Select(m => m.GetType().GetInterfaces().First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(Fault<>)))
            .Where(fault => fault.GetGenericArguments()[0] is var faulted && faulted != typeof(ExtractMetadata) && faulted != typeof(ComputeFingerprint)
                && faulted != typeof(EnrichImageAnalysis))
            .Select(fault => fault.GetGenericArguments()[0].Name)
            .ToList();

    /// <summary>Waits for a condition on the snapshots, polling.</summary>
    public static async Task Eventually(Func<bool> condition, string because)
    {
        var giveUpAt = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > giveUpAt)
                throw new ShouldAssertException($"Timed out after {Patience.TotalSeconds} s: {because}");
            await Task.Delay(10);
        }
    }

    /// <summary>Waits until the bus has been idle for the inactivity timeout, before asserting that nothing more happened.</summary>
    public Task Settle() => Harness.InactivityTask;

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }
}
