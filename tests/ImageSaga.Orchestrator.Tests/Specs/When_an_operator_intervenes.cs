using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Steps;
using ImageSaga.Orchestrator.Tests.Support;

namespace ImageSaga.Orchestrator.Tests.Specs;

/// <summary>Cancel and redrive, the operations Step Functions users expect (StopExecution, RedriveExecution).</summary>
public sealed class When_an_operator_intervenes
{
    [Fact]
    public async Task A_cancelled_run_stops_and_absorbs_the_replies_that_still_arrive()
    {
        await using var scenario = await SagaScenario.Start();
        scenario.Script.Metadata = StepReply.StaysSilent;

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.Analyzing);
        await scenario.PublishAndWait(new CancelImageAnalysis { ImageId = imageId, RequestedBy = "alice", Reason = "wrong photo" });
        var saga = await scenario.InState(imageId, machine => machine.Cancelled);

        saga.CancelledBy.ShouldBe("alice");
        saga.Steps["metadata"].Status.ShouldBe(StepStatus.Cancelled);
        saga.NextDeadlineAt.ShouldBeNull("a cancelled run has nothing left to wait for");
        scenario.Published<ImageAnalysisCancelled>(m => m.ImageId == imageId).ShouldHaveSingleItem().CancelledBy.ShouldBe("alice");

        await scenario.PublishAndWait(new MetadataExtracted { ImageId = imageId, Metadata = Samples.Metadata });
        await scenario.PublishAndWait(new CancelImageAnalysis { ImageId = imageId, RequestedBy = "bob" });
        await scenario.Settle();

        scenario.Instance(imageId).CurrentState.ShouldBe("Cancelled");
        scenario.Instance(imageId).Metadata.ShouldBeNull("a reply after the cancel is not recorded");
        scenario.Instance(imageId).CancelledBy.ShouldBe("alice");
        scenario.Completions(imageId).ShouldBeEmpty();
        scenario.Failures(imageId).ShouldBeEmpty();
        scenario.SagaFaults().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_finished_analysis_cannot_be_cancelled()
    {
        await using var scenario = await SagaScenario.Start();

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.Completed);
        await scenario.PublishAndWait(new CancelImageAnalysis { ImageId = imageId, RequestedBy = "alice" });
        await scenario.Settle();

        scenario.Instance(imageId).CurrentState.ShouldBe("Completed");
        scenario.Published<ImageAnalysisCancelled>(m => m.ImageId == imageId).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_redrive_reruns_only_the_step_that_failed_and_keeps_the_other_results()
    {
        await using var scenario = await SagaScenario.Start(options => options.Steps["fingerprint"].Required = true);
        scenario.Script.Fingerprint = StepReply.FailsWith(AnalysisFailureReasons.Corrupt);

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.Failed);
        scenario.MetadataCommands(imageId).Count.ShouldBe(1);
        scenario.FingerprintCommands(imageId).Count.ShouldBe(1);

        scenario.Script.Fingerprint = StepReply.Succeeds;
        await scenario.PublishAndWait(new RedriveImageAnalysis { ImageId = imageId, RequestedBy = "alice" });
        var saga = await scenario.InState(imageId, machine => machine.Completed);
        await scenario.Settle();

        scenario.MetadataCommands(imageId).Count.ShouldBe(1, "metadata succeeded the first time and keeps its result");
        scenario.FingerprintCommands(imageId).Select(command => command.Attempt).ShouldBe([1, 2]);
        saga.RedriveCount.ShouldBe(1);
        saga.FailureReason.ShouldBeNull();
        saga.Metadata.ShouldNotBeNull();
        saga.Fingerprint.ShouldNotBeNull();

        // Each run's outcome is its own message: the completion does not deduplicate against the earlier failure.
        var failed = scenario.Failures(imageId).ShouldHaveSingleItem();
        var completed = scenario.Completions(imageId).ShouldHaveSingleItem();
        failed.Redrives.ShouldBe(0);
        completed.Redrives.ShouldBe(1);
        ImageAnalysisState.OutcomeMessageId(imageId, 1).ShouldNotBe(ImageAnalysisState.OutcomeMessageId(imageId, 0));
    }

    [Fact]
    public async Task A_timed_out_step_gets_its_retries_again_on_a_redrive()
    {
        await using var scenario = await SagaScenario.Start(options =>
        {
            options.Steps["metadata"].TimeoutRetries = 1;
        });
        scenario.Script.Metadata = StepReply.StaysSilent;

        var imageId = await scenario.Upload();
        await scenario.PassNextDeadline(imageId);
        await scenario.PassNextDeadline(imageId);
        await scenario.InState(imageId, machine => machine.Failed);
        scenario.MetadataCommands(imageId).Count.ShouldBe(2);

        await scenario.PublishAndWait(new RedriveImageAnalysis { ImageId = imageId, RequestedBy = "ops" });
        await scenario.InState(imageId, machine => machine.Analyzing);
        await scenario.PassNextDeadline(imageId);
        await SagaScenario.Eventually(() => scenario.MetadataCommands(imageId).Count == 4, "the redriven step was not re-sent after its timeout");
        scenario.MetadataCommands(imageId).Select(command => command.Attempt).ShouldBe([1, 2, 3, 4]);
        scenario.Instance(imageId).CurrentState.ShouldBe("Analyzing");
    }

    [Fact]
    public async Task Redrives_stop_at_the_configured_limit()
    {
        await using var scenario = await SagaScenario.Start(options => options.MaxRedrives = 1);
        scenario.Script.Metadata = StepReply.FailsWith(AnalysisFailureReasons.Corrupt);

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.Failed);
        await scenario.PublishAndWait(new RedriveImageAnalysis { ImageId = imageId, RequestedBy = "ops" });
        await SagaScenario.Eventually(() => scenario.Failures(imageId).Count == 2, "the redriven run did not fail again");
        await scenario.PublishAndWait(new RedriveImageAnalysis { ImageId = imageId, RequestedBy = "ops" });
        await scenario.Settle();

        scenario.MetadataCommands(imageId).Count.ShouldBe(2, "the second redrive is over the limit");
        scenario.Instance(imageId).RedriveCount.ShouldBe(1);
        scenario.Instance(imageId).CurrentState.ShouldBe("Failed");
    }

    [Fact]
    public async Task A_running_or_completed_analysis_is_not_redriven()
    {
        await using var scenario = await SagaScenario.Start();

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.Completed);
        await scenario.PublishAndWait(new RedriveImageAnalysis { ImageId = imageId, RequestedBy = "ops" });
        await scenario.Settle();

        scenario.MetadataCommands(imageId).Count.ShouldBe(1);
        scenario.Instance(imageId).RedriveCount.ShouldBe(0);
        scenario.SagaFaults().ShouldBeEmpty();
    }
}
