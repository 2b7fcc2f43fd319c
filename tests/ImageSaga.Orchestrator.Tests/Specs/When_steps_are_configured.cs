using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Tests.Support;

namespace ImageSaga.Orchestrator.Tests.Specs;

public sealed class When_steps_are_configured
{
    [Fact]
    public async Task Never_sends_a_disabled_step_and_completes_without_it()
    {
        await using var scenario = await SagaScenario.Start(options => options.Steps["fingerprint"].Enabled = false);

        var imageId = await scenario.Upload();
        var saga = await scenario.InState(imageId, machine => machine.Completed);
        await scenario.Settle();

        scenario.FingerprintCommands(imageId).ShouldBeEmpty();
        scenario.MetadataCommands(imageId).ShouldHaveSingleItem();
        saga.Steps.Keys.ShouldBe(["metadata"]);
        var completed = scenario.Completions(imageId).ShouldHaveSingleItem();
        completed.Fingerprint.ShouldBeNull();
        completed.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public async Task Fails_when_a_step_configured_as_required_fails()
    {
        await using var scenario = await SagaScenario.Start(options => options.Steps["fingerprint"].Required = true);
        scenario.Script.Fingerprint = StepReply.FailsWith(AnalysisFailureReasons.TooLarge);

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.Failed);

        var failed = scenario.Failures(imageId).ShouldHaveSingleItem();
        failed.FailedStep.ShouldBe("fingerprint");
        failed.ReasonCode.ShouldBe(AnalysisFailureReasons.TooLarge);
    }

    [Fact]
    public async Task Completes_with_a_warning_when_a_step_configured_as_optional_fails()
    {
        await using var scenario = await SagaScenario.Start(options => options.Steps["metadata"].Required = false);
        scenario.Script.Metadata = StepReply.FailsWith(AnalysisFailureReasons.Corrupt);

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.Completed);

        var completed = scenario.Completions(imageId).ShouldHaveSingleItem();
        completed.Warnings.ShouldBe(["metadata: corrupt"]);
        completed.Metadata.ShouldBeNull();
        completed.Fingerprint.ShouldNotBeNull();
    }

    [Fact]
    public async Task Uses_the_configured_timeout_for_the_step_deadline()
    {
        await using var scenario = await SagaScenario.Start(options => options.Steps["metadata"].TimeoutSeconds = 5);
        scenario.Script.Metadata = StepReply.StaysSilent;

        var imageId = await scenario.Upload();
        var metadata = scenario.Instance(imageId).Steps["metadata"];

        (metadata.DeadlineAt.ShouldNotBeNull() - metadata.StartedAt.ShouldNotBeNull()).ShouldBe(TimeSpan.FromSeconds(5));
        scenario.Instance(imageId).NextDeadlineAt.ShouldBe(metadata.DeadlineAt);
    }
}
