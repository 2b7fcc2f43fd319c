using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Steps;
using ImageSaga.Orchestrator.Tests.Support;

namespace ImageSaga.Orchestrator.Tests.Specs;

public sealed class When_replies_arrive_out_of_order
{
    [Fact]
    public async Task Completes_when_the_fingerprint_answers_before_the_metadata()
    {
        await using var scenario = await SagaScenario.Start();
        scenario.Script.Metadata = StepReply.StaysSilent;
        scenario.Script.Fingerprint = StepReply.StaysSilent;
        var imageId = await scenario.Upload();

        await scenario.PublishAndWait(new FingerprintComputed { ImageId = imageId, Fingerprint = Samples.Fingerprint });
        scenario.Instance(imageId).CurrentState.ShouldBe(nameof(ImageAnalysisStateMachine.Analyzing));
        await scenario.PublishAndWait(new MetadataExtracted { ImageId = imageId, Metadata = Samples.Metadata });
        await scenario.InState(imageId, machine => machine.Completed);
        await scenario.Settle();

        var completed = scenario.Completions(imageId).ShouldHaveSingleItem();
        completed.Metadata.ShouldNotBeNull();
        completed.Fingerprint.ShouldNotBeNull();
    }

    [Fact]
    public async Task Keeps_the_first_answer_when_a_step_fails_after_succeeding()
    {
        await using var scenario = await SagaScenario.Start();
        scenario.Script.Metadata = StepReply.StaysSilent;
        scenario.Script.Fingerprint = StepReply.StaysSilent;
        var imageId = await scenario.Upload();

        await scenario.PublishAndWait(new MetadataExtracted { ImageId = imageId, Metadata = Samples.Metadata });
        await scenario.PublishAndWait(new MetadataExtractionFailed { ImageId = imageId, ReasonCode = AnalysisFailureReasons.Corrupt });
        scenario.Instance(imageId).Steps["metadata"].Status.ShouldBe(StepStatus.Succeeded);
        await scenario.PublishAndWait(new FingerprintComputed { ImageId = imageId, Fingerprint = Samples.Fingerprint });
        await scenario.InState(imageId, machine => machine.Completed);
        await scenario.Settle();

        scenario.Completions(imageId).ShouldHaveSingleItem().Metadata.ShouldNotBeNull();
        scenario.Failures(imageId).ShouldBeEmpty();
    }

    [Fact]
    public async Task Keeps_the_first_answer_when_a_step_succeeds_after_failing()
    {
        await using var scenario = await SagaScenario.Start();
        scenario.Script.Metadata = StepReply.StaysSilent;
        scenario.Script.Fingerprint = StepReply.StaysSilent;
        var imageId = await scenario.Upload();

        await scenario.PublishAndWait(new MetadataExtractionFailed { ImageId = imageId, ReasonCode = AnalysisFailureReasons.Corrupt });
        await scenario.PublishAndWait(new MetadataExtracted { ImageId = imageId, Metadata = Samples.Metadata });
        await scenario.PublishAndWait(new FingerprintComputed { ImageId = imageId, Fingerprint = Samples.Fingerprint });
        var saga = await scenario.InState(imageId, machine => machine.Failed);
        await scenario.Settle();

        scenario.Failures(imageId).ShouldHaveSingleItem().ReasonCode.ShouldBe(AnalysisFailureReasons.Corrupt);
        scenario.Completions(imageId).ShouldBeEmpty();
        saga.Metadata.ShouldBeNull();
    }

    [Fact]
    public async Task Discards_replies_and_deadlines_for_an_image_it_never_started()
    {
        await using var scenario = await SagaScenario.Start();
        var unknown = Guid.NewGuid();

        await scenario.PublishAndWait(new MetadataExtracted { ImageId = unknown, Metadata = Samples.Metadata });
        await scenario.PublishAndWait(new MetadataExtractionFailed { ImageId = unknown, ReasonCode = AnalysisFailureReasons.Corrupt });
        await scenario.PublishAndWait(new FingerprintComputed { ImageId = unknown, Fingerprint = Samples.Fingerprint });
        await scenario.PublishAndWait(new FingerprintComputationFailed { ImageId = unknown, ReasonCode = AnalysisFailureReasons.Corrupt });
        await scenario.PublishDeadline(unknown, DateTimeOffset.UtcNow.AddHours(1));
        await scenario.Settle();

        scenario.TryInstance(unknown).ShouldBeNull();
        scenario.Saga.Created.Select(saga => saga.CorrelationId == unknown, new CancellationToken(true)).ShouldBeEmpty();
        scenario.Completions(unknown).ShouldBeEmpty();
        scenario.Failures(unknown).ShouldBeEmpty();
        scenario.SagaFaults().ShouldBeEmpty();
    }
}
