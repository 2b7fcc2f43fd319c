using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Tests.Support;
using MassTransit;

namespace ImageSaga.Orchestrator.Tests.Specs;

/// <summary>A consumer that throws publishes <c>Fault&lt;Command&gt;</c>; the saga must count it as the step failing.</summary>
public sealed class When_a_step_consumer_throws
{
    [Fact]
    public async Task Fails_with_step_faulted_when_the_metadata_consumer_throws()
    {
        await using var scenario = await SagaScenario.Start();
        scenario.Script.Metadata = StepReply.Throws;

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.Failed);
        await scenario.Settle();

        scenario.Published<Fault<ExtractMetadata>>(fault => fault.Message.ImageId == imageId).ShouldHaveSingleItem();
        var failed = scenario.Failures(imageId).ShouldHaveSingleItem();
        failed.FailedStep.ShouldBe("metadata");
        failed.ReasonCode.ShouldBe(AnalysisFailureReasons.StepFaulted);
        failed.Message.ShouldContain("scripted metadata crash");
        scenario.Completions(imageId).ShouldBeEmpty();
        scenario.SagaFaults().ShouldBeEmpty();
    }

    [Fact]
    public async Task Completes_with_a_warning_when_the_fingerprint_consumer_throws()
    {
        await using var scenario = await SagaScenario.Start();
        scenario.Script.Fingerprint = StepReply.Throws;

        var imageId = await scenario.Upload();
        var saga = await scenario.InState(imageId, machine => machine.Completed);
        await scenario.Settle();

        scenario.Published<Fault<ComputeFingerprint>>(fault => fault.Message.ImageId == imageId).ShouldHaveSingleItem();
        scenario.Completions(imageId).ShouldHaveSingleItem().Warnings.ShouldBe(["fingerprint: step-faulted"]);
        saga.Steps["fingerprint"].Message.ShouldNotBeNull().ShouldContain("scripted fingerprint crash");
        scenario.Failures(imageId).ShouldBeEmpty();
        scenario.SagaFaults().ShouldBeEmpty();
    }
}
