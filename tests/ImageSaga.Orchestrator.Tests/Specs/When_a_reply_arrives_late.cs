using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Tests.Support;
using ImageSaga.ServiceDefaults.Messaging;
using MassTransit;

namespace ImageSaga.Orchestrator.Tests.Specs;

public sealed class When_a_reply_arrives_late
{
    [Fact]
    public async Task Absorbs_repeated_results_failures_and_faults_after_completion()
    {
        await using var scenario = await SagaScenario.Start();
        var imageId = await scenario.Upload();
        var saga = await scenario.InState(imageId, machine => machine.Completed);
        var finishedAt = saga.FinishedAt;

        await scenario.PublishAndWait(new MetadataExtracted { ImageId = imageId, Metadata = Samples.Metadata with { Width = 1 } });
        await scenario.PublishAndWait(new MetadataExtractionFailed { ImageId = imageId, ReasonCode = AnalysisFailureReasons.Corrupt });
        await scenario.PublishAndWait(new FingerprintComputed { ImageId = imageId, Fingerprint = Samples.Fingerprint });
        await scenario.PublishAndWait(new FingerprintComputationFailed { ImageId = imageId, ReasonCode = AnalysisFailureReasons.Corrupt });
        scenario.Script.Metadata = StepReply.Throws;
        await scenario.SendToStepAndWait(ImageSagaEndpoints.ExtractMetadata,
            new ExtractMetadata { ImageId = imageId, StorageKey = "late", Sha256 = Samples.Sha256, Attempt = 2 });
        await scenario.PublishDeadline(imageId, DateTimeOffset.UtcNow.AddHours(1));
        await scenario.Settle();

        scenario.Published<Fault<ExtractMetadata>>(fault => fault.Message.ImageId == imageId).ShouldHaveSingleItem();
        saga = scenario.Instance(imageId);
        saga.CurrentState.ShouldBe(nameof(ImageAnalysisStateMachine.Completed));
        saga.FinishedAt.ShouldBe(finishedAt);
        saga.Metadata.ShouldNotBeNull().Width.ShouldBe(Samples.Metadata.Width);
        saga.Warnings.ShouldBeEmpty();
        scenario.Completions(imageId).Count.ShouldBe(1);
        scenario.Failures(imageId).ShouldBeEmpty();
        scenario.Published<Fault<MetadataExtracted>>().ShouldBeEmpty();
        scenario.SagaFaults().ShouldBeEmpty();
    }

    [Fact]
    public async Task Absorbs_a_late_success_after_failure()
    {
        await using var scenario = await SagaScenario.Start();
        scenario.Script.Metadata = StepReply.FailsWith(AnalysisFailureReasons.Corrupt);
        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.Failed);

        await scenario.PublishAndWait(new MetadataExtracted { ImageId = imageId, Metadata = Samples.Metadata });
        await scenario.Upload(imageId);
        await scenario.Settle();

        scenario.Instance(imageId).CurrentState.ShouldBe(nameof(ImageAnalysisStateMachine.Failed));
        scenario.Failures(imageId).Count.ShouldBe(1);
        scenario.Completions(imageId).ShouldBeEmpty();
        scenario.MetadataCommands(imageId).Count.ShouldBe(1);
        scenario.SagaFaults().ShouldBeEmpty();
    }
}
