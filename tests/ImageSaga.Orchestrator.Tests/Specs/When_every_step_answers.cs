using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Tests.Support;

namespace ImageSaga.Orchestrator.Tests.Specs;

public sealed class When_every_step_answers
{
    [Fact]
    public async Task Sends_each_step_its_command_with_attempt_1_and_the_claim_check()
    {
        await using var scenario = await SagaScenario.Start();

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.Completed);

        var metadata = scenario.MetadataCommands(imageId).ShouldHaveSingleItem();
        metadata.Attempt.ShouldBe(1);
        metadata.StorageKey.ShouldBe($"originals/{imageId:N}.jpg");
        metadata.Sha256.ShouldBe(Samples.Sha256);

        var fingerprint = scenario.FingerprintCommands(imageId).ShouldHaveSingleItem();
        fingerprint.Attempt.ShouldBe(1);
        fingerprint.StorageKey.ShouldBe($"originals/{imageId:N}.jpg");
        fingerprint.Sha256.ShouldBe(Samples.Sha256);
    }

    [Fact]
    public async Task Completes_when_all_analyses_reply()
    {
        await using var scenario = await SagaScenario.Start();

        var imageId = await scenario.Upload();
        var saga = await scenario.InState(imageId, machine => machine.Completed);
        await scenario.Settle();

        var completed = scenario.Completions(imageId).ShouldHaveSingleItem();
        completed.UserId.ShouldBe("user-1");
        completed.Metadata.ShouldNotBeNull().Format.ShouldBe(Samples.Metadata.Format);
        completed.Metadata.Width.ShouldBe(Samples.Metadata.Width);
        completed.Fingerprint.ShouldNotBeNull().PerceptualHash.ShouldBe(Samples.Fingerprint.PerceptualHash);
        completed.Fingerprint.ThumbnailKey.ShouldBe(Samples.Fingerprint.ThumbnailKey);
        completed.Warnings.ShouldBeEmpty();
        completed.CompletedAt.UtcDateTime.ShouldBe(saga.FinishedAt.ShouldNotBeNull());
        scenario.Failures(imageId).ShouldBeEmpty();
        scenario.SagaFaults().ShouldBeEmpty();
    }

    [Fact]
    public async Task Records_every_step_as_succeeded_on_its_first_attempt()
    {
        await using var scenario = await SagaScenario.Start();

        var imageId = await scenario.Upload();
        var saga = await scenario.InState(imageId, machine => machine.Completed);

        saga.Steps.Keys.ShouldBe(["metadata", "fingerprint"], ignoreOrder: true);
        saga.Steps.Values.ShouldAllBe(step => step.Status == Steps.StepStatus.Succeeded && step.Attempts == 1 && step.DeadlineAt == null);
        saga.FailureReason.ShouldBeNull();
        saga.Metadata.ShouldNotBeNull();
        saga.Fingerprint.ShouldNotBeNull();
    }
}
