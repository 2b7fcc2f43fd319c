using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Steps;
using ImageSaga.Orchestrator.Tests.Support;

namespace ImageSaga.Orchestrator.Tests.Specs;

/// <summary>Human approval by task token, between the analyses and enrichment.</summary>
public sealed class When_a_person_must_review
{
    [Fact]
    public async Task A_flagged_image_waits_with_a_single_use_token_and_approval_continues_to_enrichment()
    {
        await using var scenario = await SagaScenario.Start(withVisionSteps: true);
        scenario.Script.ModerationFlags = true;

        var imageId = await scenario.Upload();
        var waiting = await scenario.InState(imageId, machine => machine.AwaitingReview);
        await scenario.Settle();

        var request = scenario.Published<ReviewRequested>(m => m.ImageId == imageId).ShouldHaveSingleItem();
        request.TaskToken.Length.ShouldBeGreaterThanOrEqualTo(40, "32 random bytes");
        request.Reason.ShouldStartWith("moderation:");
        waiting.ReviewToken.ShouldBe(request.TaskToken);
        scenario.Script.EnrichmentCommands.ShouldBeEmpty("enrichment waits for the decision");

        await scenario.PublishAndWait(new SubmitReviewDecision { ImageId = imageId, TaskToken = request.TaskToken, Approved = true, Reviewer = "rita" });
        var saga = await scenario.InState(imageId, machine => machine.Completed);
        saga.ReviewDecision.ShouldBe("approved");
        saga.ReviewedBy.ShouldBe("rita");
        saga.ReviewToken.ShouldBeNull("the token is used up");
        scenario.Script.EnrichmentCommands.ShouldHaveSingleItem();
        scenario.Completions(imageId).ShouldHaveSingleItem().Moderation!.Flagged.ShouldBeTrue();
    }

    [Fact]
    public async Task A_rejection_ends_as_Rejected_and_asks_for_the_original_to_be_quarantined()
    {
        await using var scenario = await SagaScenario.Start(withVisionSteps: true);
        scenario.Script.ModerationFlags = true;

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.AwaitingReview);
        var token = scenario.Published<ReviewRequested>(m => m.ImageId == imageId).ShouldHaveSingleItem().TaskToken;
        await scenario.PublishAndWait(new SubmitReviewDecision { ImageId = imageId, TaskToken = token, Approved = false, Reviewer = "rita" });
        var saga = await scenario.InState(imageId, machine => machine.Rejected);
        await scenario.Settle();

        var rejected = scenario.Published<ImageRejected>(m => m.ImageId == imageId).ShouldHaveSingleItem();
        rejected.RejectedBy.ShouldBe("rita");
        rejected.Quarantine.ShouldBeTrue();
        rejected.StorageKey.ShouldBe(saga.StorageKey);
        saga.Steps["enrichment"].Status.ShouldBe(StepStatus.Skipped);
        scenario.Script.EnrichmentCommands.ShouldBeEmpty();
        scenario.Completions(imageId).ShouldBeEmpty();
        scenario.Failures(imageId).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_forged_or_reused_token_changes_nothing()
    {
        await using var scenario = await SagaScenario.Start(withVisionSteps: true);
        scenario.Script.ModerationFlags = true;

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.AwaitingReview);
        var token = scenario.Published<ReviewRequested>(m => m.ImageId == imageId).ShouldHaveSingleItem().TaskToken;

        await scenario.PublishAndWait(new SubmitReviewDecision { ImageId = imageId, TaskToken = token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), Approved = false,
            Reviewer = "mallory" });
        scenario.Instance(imageId).CurrentState.ShouldBe("AwaitingReview");
        scenario.Instance(imageId).ReviewToken.ShouldBe(token);

        await scenario.PublishAndWait(new SubmitReviewDecision { ImageId = imageId, TaskToken = token, Approved = true, Reviewer = "rita" });
        await scenario.InState(imageId, machine => machine.Completed);
        await scenario.PublishAndWait(new SubmitReviewDecision { ImageId = imageId, TaskToken = token, Approved = false, Reviewer = "rita" });
        await scenario.Settle();

        scenario.Instance(imageId).CurrentState.ShouldBe("Completed", "a used token decides nothing twice");
        scenario.Published<ImageRejected>(m => m.ImageId == imageId).ShouldBeEmpty();
        scenario.SagaFaults().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_review_nobody_decides_gets_the_configured_default_when_it_times_out()
    {
        await using var scenario = await SagaScenario.Start(options => options.Review.DefaultDecision = ReviewDecision.Reject, withVisionSteps: true);
        scenario.Script.ModerationFlags = true;

        var imageId = await scenario.Upload();
        var waiting = await scenario.InState(imageId, machine => machine.AwaitingReview);
        waiting.NextDeadlineAt.ShouldBe(waiting.ReviewDeadlineAt);

        await scenario.PassNextDeadline(imageId);
        var saga = await scenario.InState(imageId, machine => machine.Rejected);
        saga.ReviewedBy.ShouldBe("review-timeout");
        scenario.Published<ImageRejected>(m => m.ImageId == imageId).ShouldHaveSingleItem().RejectedBy.ShouldBe("review-timeout");
    }

    [Fact]
    public async Task A_default_approval_on_timeout_continues_the_analysis()
    {
        await using var scenario = await SagaScenario.Start(options => options.Review.DefaultDecision = ReviewDecision.Approve, withVisionSteps: true);
        scenario.Script.ModerationFlags = true;

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.AwaitingReview);
        await scenario.PassNextDeadline(imageId);
        (await scenario.InState(imageId, machine => machine.Completed)).ReviewDecision.ShouldBe("approved");
    }

    [Fact]
    public async Task An_uncertain_classification_can_require_a_review_too()
    {
        await using var scenario = await SagaScenario.Start(options => options.Review.ClassificationConfidenceBelow = 0.95, withVisionSteps: true);

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.AwaitingReview);
        scenario.Instance(imageId).ReviewReason!.ShouldStartWith("classification: tabby 0.80");
    }

    [Fact]
    public async Task A_waiting_review_can_be_cancelled()
    {
        await using var scenario = await SagaScenario.Start(withVisionSteps: true);
        scenario.Script.ModerationFlags = true;

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.AwaitingReview);
        await scenario.PublishAndWait(new CancelImageAnalysis { ImageId = imageId, RequestedBy = "alice" });
        var saga = await scenario.InState(imageId, machine => machine.Cancelled);
        saga.ReviewToken.ShouldBeNull();
    }

    [Fact]
    public async Task Review_can_be_switched_off_and_flagged_images_then_complete()
    {
        await using var scenario = await SagaScenario.Start(options => options.Review.Enabled = false, withVisionSteps: true);
        scenario.Script.ModerationFlags = true;

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.Completed);
        scenario.Published<ReviewRequested>(m => m.ImageId == imageId).ShouldBeEmpty();
    }
}
