using ImageSaga.Contracts;
using MassTransit;

namespace ImageSaga.Orchestrator.Tests.Support;

public enum StepBehaviour
{
    Succeed,
    Fail,
    Throw,
    StaySilent,
}

/// <summary>What a fake step does with the next command it receives; tests change it between steps of a scenario.</summary>
public sealed record StepReply(StepBehaviour Behaviour, string ReasonCode = "")
{
    public static readonly StepReply Succeeds = new(StepBehaviour.Succeed);
    public static readonly StepReply Throws = new(StepBehaviour.Throw);
    public static readonly StepReply StaysSilent = new(StepBehaviour.StaySilent);

    public static StepReply FailsWith(string reasonCode) => new(StepBehaviour.Fail, reasonCode);
}

/// <summary>The per-test script of the fake step services (one instance per test's container).</summary>
public sealed class StepScript
{
    volatile StepReply _metadata = StepReply.Succeeds;
    volatile StepReply _fingerprint = StepReply.Succeeds;

    public StepReply Metadata { get => _metadata; set => _metadata = value; }

    public StepReply Fingerprint { get => _fingerprint; set => _fingerprint = value; }

    /// <summary>Only Succeeds or FailsWith are meaningful for the fake moderation step.</summary>
    public StepReply Moderation { get; set; } = StepReply.Succeeds;

    /// <summary>Whether the fake moderation step flags the image.</summary>
    public bool ModerationFlags { get; set; }

    volatile StepReply _enrichment = StepReply.Succeeds;

    public StepReply Enrichment { get => _enrichment; set => _enrichment = value; }

    /// <summary>The enrichment commands the fake enrichment step received, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<EnrichImageAnalysis> EnrichmentCommands { get; } = new();
}

/// <summary>Stands in for the metadata service on its real queue, answering as the test's script says.</summary>
public sealed class FakeMetadataStep(StepScript script) : IConsumer<ExtractMetadata>
{
    public Task Consume(ConsumeContext<ExtractMetadata> context) => script.Metadata.Behaviour switch
    {
        StepBehaviour.Succeed => context.Publish(new MetadataExtracted { ImageId = context.Message.ImageId, Metadata = Samples.Metadata }),
        StepBehaviour.Fail => context.Publish(new MetadataExtractionFailed
        {
            ImageId = context.Message.ImageId,
            ReasonCode = script.Metadata.ReasonCode,
            Message = $"scripted failure: {script.Metadata.ReasonCode}",
        }),
        StepBehaviour.Throw => throw new InvalidOperationException("scripted metadata crash"),
        _ => Task.CompletedTask,
    };
}

/// <summary>Stands in for the fingerprint service on its real queue, answering as the test's script says.</summary>
public sealed class FakeFingerprintStep(StepScript script) : IConsumer<ComputeFingerprint>
{
    public Task Consume(ConsumeContext<ComputeFingerprint> context) => script.Fingerprint.Behaviour switch
    {
        StepBehaviour.Succeed => context.Publish(new FingerprintComputed { ImageId = context.Message.ImageId, Fingerprint = Samples.Fingerprint }),
        StepBehaviour.Fail => context.Publish(new FingerprintComputationFailed
        {
            ImageId = context.Message.ImageId,
            ReasonCode = script.Fingerprint.ReasonCode,
            Message = $"scripted failure: {script.Fingerprint.ReasonCode}",
        }),
        StepBehaviour.Throw => throw new InvalidOperationException("scripted fingerprint crash"),
        _ => Task.CompletedTask,
    };
}
