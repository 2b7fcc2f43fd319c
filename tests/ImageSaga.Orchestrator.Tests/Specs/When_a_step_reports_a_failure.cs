using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Steps;
using ImageSaga.Orchestrator.Tests.Support;

namespace ImageSaga.Orchestrator.Tests.Specs;

public sealed class When_a_step_reports_a_failure
{
    [Fact]
    public async Task Fails_when_the_required_metadata_step_fails()
    {
        await using var scenario = await SagaScenario.Start();
        scenario.Script.Metadata = StepReply.FailsWith(AnalysisFailureReasons.Corrupt);

        var imageId = await scenario.Upload();
        var saga = await scenario.InState(imageId, machine => machine.Failed);
        await scenario.Settle();

        var failed = scenario.Failures(imageId).ShouldHaveSingleItem();
        failed.FailedStep.ShouldBe("metadata");
        failed.ReasonCode.ShouldBe(AnalysisFailureReasons.Corrupt);
        failed.Message.ShouldBe("scripted failure: corrupt");
        failed.UserId.ShouldBe("user-1");
        scenario.Completions(imageId).ShouldBeEmpty();
        saga.FailedStep.ShouldBe("metadata");
        saga.FailureReason.ShouldBe(AnalysisFailureReasons.Corrupt);
        scenario.SagaFaults().ShouldBeEmpty();
    }

    [Fact]
    public async Task Waits_for_the_other_step_before_publishing_the_failure()
    {
        await using var scenario = await SagaScenario.Start();
        scenario.Script.Metadata = StepReply.FailsWith(AnalysisFailureReasons.Corrupt);
        scenario.Script.Fingerprint = StepReply.StaysSilent;

        var imageId = await scenario.Upload();
        await SagaScenario.Eventually(() => scenario.Instance(imageId).Steps["metadata"].Status == StepStatus.Failed,
            "the metadata failure was never recorded");

        scenario.Instance(imageId).CurrentState.ShouldBe(nameof(ImageAnalysisStateMachine.Analyzing));
        scenario.Failures(imageId).ShouldBeEmpty();

        await scenario.PublishAndWait(new FingerprintComputed { ImageId = imageId, Fingerprint = Samples.Fingerprint });
        await scenario.InState(imageId, machine => machine.Failed);
        await scenario.Settle();

        scenario.Failures(imageId).ShouldHaveSingleItem().ReasonCode.ShouldBe(AnalysisFailureReasons.Corrupt);
        scenario.Completions(imageId).ShouldBeEmpty();
    }

    [Fact]
    public async Task Completes_with_a_warning_when_the_optional_fingerprint_step_fails()
    {
        await using var scenario = await SagaScenario.Start();
        scenario.Script.Fingerprint = StepReply.FailsWith(AnalysisFailureReasons.UnsupportedFormat);

        var imageId = await scenario.Upload();
        var saga = await scenario.InState(imageId, machine => machine.Completed);
        await scenario.Settle();

        var completed = scenario.Completions(imageId).ShouldHaveSingleItem();
        completed.Warnings.ShouldBe(["fingerprint: unsupported-format"]);
        completed.Metadata.ShouldNotBeNull();
        completed.Fingerprint.ShouldBeNull();
        saga.Warnings.ShouldBe(["fingerprint: unsupported-format"]);
        scenario.Failures(imageId).ShouldBeEmpty();
    }

    [Fact]
    public async Task Treats_a_failure_without_a_reason_code_as_step_faulted()
    {
        await using var scenario = await SagaScenario.Start();
        scenario.Script.Metadata = StepReply.FailsWith("");

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.Failed);

        scenario.Failures(imageId).ShouldHaveSingleItem().ReasonCode.ShouldBe(AnalysisFailureReasons.StepFaulted);
    }
}
