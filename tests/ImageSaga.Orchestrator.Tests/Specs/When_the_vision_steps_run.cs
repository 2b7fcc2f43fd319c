using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Steps;
using ImageSaga.Orchestrator.Tests.Support;

namespace ImageSaga.Orchestrator.Tests.Specs;

public sealed class When_the_vision_steps_run
{
    [Fact]
    public async Task Completes_with_all_six_results_and_the_insights_in_the_saga_and_the_completion()
    {
        await using var scenario = await SagaScenario.Start(withVisionSteps: true);

        var imageId = await scenario.Upload();
        var saga = await scenario.InState(imageId, machine => machine.Completed);
        await scenario.Settle();

        saga.Steps.Keys.ShouldBe(["metadata", "fingerprint", "detection", "classification", "faces", "moderation", "enrichment"], ignoreOrder: true);
        saga.Steps.Values.ShouldAllBe(step => step.Status == StepStatus.Succeeded);
        var completed = scenario.Completions(imageId).ShouldHaveSingleItem();
        completed.Detection!.Objects.ShouldHaveSingleItem().Label.ShouldBe("cat");
        completed.Classification!.Top[0].Label.ShouldBe("tabby");
        completed.Faces!.Count.ShouldBe(0);
        completed.Moderation!.Flagged.ShouldBeFalse();
        completed.Metadata.ShouldNotBeNull();
        completed.Fingerprint.ShouldNotBeNull();
        completed.Insights.ShouldNotBeNull().Description.ShouldBe("a cat");
        saga.Insights.ShouldBe(completed.Insights);
    }

    [Fact]
    public async Task Fails_when_moderation_fails_because_an_unchecked_image_is_not_let_through()
    {
        await using var scenario = await SagaScenario.Start(withVisionSteps: true);
        scenario.Script.Moderation = StepReply.FailsWith(AnalysisFailureReasons.Corrupt);

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.Failed);
        await scenario.Settle();

        var failed = scenario.Failures(imageId).ShouldHaveSingleItem();
        failed.FailedStep.ShouldBe("moderation");
        failed.ReasonCode.ShouldBe(AnalysisFailureReasons.Corrupt);
    }
}
