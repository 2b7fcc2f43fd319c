using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Steps;
using ImageSaga.Orchestrator.Tests.Support;

namespace ImageSaga.Orchestrator.Tests.Specs;

/// <summary>The second phase: enrichment starts only after every analysis has finished, and carries their results.</summary>
public sealed class When_the_analyses_join
{
    [Fact]
    public async Task Enrichment_is_sent_once_with_every_result_and_its_insights_reach_the_completion()
    {
        await using var scenario = await SagaScenario.Start(withVisionSteps: true);

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.Completed);
        await scenario.Settle();

        var command = scenario.Script.EnrichmentCommands.ShouldHaveSingleItem();
        command.ImageId.ShouldBe(imageId);
        command.UserId.ShouldBe("user-1");
        command.Metadata.ShouldNotBeNull();
        command.Fingerprint.ShouldNotBeNull();
        command.Detection!.Objects.ShouldHaveSingleItem().Label.ShouldBe("cat");
        command.Classification.ShouldNotBeNull();
        command.Faces.ShouldNotBeNull();
        command.Moderation.ShouldNotBeNull();

        var completed = scenario.Completions(imageId).ShouldHaveSingleItem();
        completed.Insights!.Priority.ShouldBe(NotificationPriority.High);
        completed.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_saga_waits_in_Enriching_until_enrichment_answers()
    {
        await using var scenario = await SagaScenario.Start(withVisionSteps: true);
        scenario.Script.Enrichment = StepReply.StaysSilent;

        var imageId = await scenario.Upload();
        var saga = await scenario.InState(imageId, machine => machine.Enriching);
        await scenario.Settle();

        saga.Steps["enrichment"].Status.ShouldBe(StepStatus.Running);
        scenario.Completions(imageId).ShouldBeEmpty();

        await scenario.PublishAndWait(new ImageAnalysisEnriched { ImageId = imageId, Insights = new ImageInsights { Description = "late but fine" } });
        await scenario.InState(imageId, machine => machine.Completed);
        scenario.Completions(imageId).ShouldHaveSingleItem().Insights!.Description.ShouldBe("late but fine");
    }

    [Fact]
    public async Task A_failed_enrichment_completes_with_a_warning_and_no_insights()
    {
        await using var scenario = await SagaScenario.Start(withVisionSteps: true);
        scenario.Script.Enrichment = StepReply.FailsWith(AnalysisFailureReasons.InvalidRequest);

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.Completed);
        await scenario.Settle();

        var completed = scenario.Completions(imageId).ShouldHaveSingleItem();
        completed.Insights.ShouldBeNull();
        completed.Warnings.ShouldBe([$"enrichment: {AnalysisFailureReasons.InvalidRequest}"]);
    }

    [Fact]
    public async Task A_silent_enrichment_is_sent_again_then_times_out_into_a_warning()
    {
        await using var scenario = await SagaScenario.Start(options => options.Steps["enrichment"].TimeoutRetries = 1, withVisionSteps: true);
        scenario.Script.Enrichment = StepReply.StaysSilent;

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.Enriching);
        await scenario.PassNextDeadline(imageId);
        await SagaScenario.Eventually(() => scenario.Script.EnrichmentCommands.Count == 2, "enrichment was not sent again after its timeout");
        scenario.Script.EnrichmentCommands.Select(command => command.Attempt).ShouldBe([1, 2]);

        await scenario.PassNextDeadline(imageId);
        await scenario.InState(imageId, machine => machine.Completed);
        scenario.Completions(imageId).ShouldHaveSingleItem().Warnings.ShouldBe([$"enrichment: {AnalysisFailureReasons.TimedOut}"]);
    }

    [Fact]
    public async Task A_required_analysis_failure_fails_the_saga_without_ever_sending_enrichment()
    {
        await using var scenario = await SagaScenario.Start(withVisionSteps: true);
        scenario.Script.Moderation = StepReply.FailsWith(AnalysisFailureReasons.Corrupt);

        var imageId = await scenario.Upload();
        var saga = await scenario.InState(imageId, machine => machine.Failed);
        await scenario.Settle();

        scenario.Script.EnrichmentCommands.ShouldBeEmpty();
        saga.Steps["enrichment"].Status.ShouldBe(StepStatus.Skipped);
        scenario.Failures(imageId).ShouldHaveSingleItem().FailedStep.ShouldBe("moderation");
    }

    [Fact]
    public async Task Enrichment_can_be_required_and_then_its_failure_fails_the_saga()
    {
        await using var scenario = await SagaScenario.Start(options => options.Steps["enrichment"].Required = true, withVisionSteps: true);
        scenario.Script.Enrichment = StepReply.FailsWith(AnalysisFailureReasons.InvalidRequest);

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.Failed);
        scenario.Failures(imageId).ShouldHaveSingleItem().FailedStep.ShouldBe("enrichment");
    }

    [Fact]
    public async Task A_notification_report_after_the_outcome_is_absorbed_without_a_fault()
    {
        await using var scenario = await SagaScenario.Start(withVisionSteps: true);

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.Completed);
        await scenario.PublishAndWait(new NotificationDeliveryUpdated
        {
            ImageId = imageId, Channel = "webhook", Status = "failed", Attempt = 6, Detail = "HTTP 500",
        });
        await scenario.Settle();

        scenario.Instance(imageId).CurrentState.ShouldBe("Completed");
        scenario.SagaFaults().ShouldBeEmpty();
    }
}
