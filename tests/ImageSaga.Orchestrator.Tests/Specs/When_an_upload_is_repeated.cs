using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Tests.Support;

namespace ImageSaga.Orchestrator.Tests.Specs;

public sealed class When_an_upload_is_repeated
{
    [Fact]
    public async Task Runs_one_saga_and_sends_each_command_once_for_duplicates_before_and_after_completion()
    {
        await using var scenario = await SagaScenario.Start();
        scenario.Script.Metadata = StepReply.StaysSilent;
        scenario.Script.Fingerprint = StepReply.StaysSilent;

        var imageId = await scenario.Upload();
        await scenario.InState(imageId, machine => machine.Analyzing);
        await scenario.Upload(imageId);

        await scenario.PublishAndWait(new MetadataExtracted { ImageId = imageId, Metadata = Samples.Metadata });
        await scenario.PublishAndWait(new FingerprintComputed { ImageId = imageId, Fingerprint = Samples.Fingerprint });
        await scenario.InState(imageId, machine => machine.Completed);

        await scenario.Upload(imageId);
        await scenario.Settle();

        scenario.Instance(imageId).CurrentState.ShouldBe(nameof(ImageAnalysisStateMachine.Completed));
        scenario.Saga.Created.Select(saga => saga.CorrelationId == imageId, new CancellationToken(true)).Count().ShouldBe(1);
        scenario.MetadataCommands(imageId).Count.ShouldBe(1);
        scenario.FingerprintCommands(imageId).Count.ShouldBe(1);
        scenario.Completions(imageId).Count.ShouldBe(1);
        scenario.SagaFaults().ShouldBeEmpty();
    }

    [Fact]
    public async Task Runs_one_saga_when_the_same_upload_arrives_twice_at_once()
    {
        await using var scenario = await SagaScenario.Start();
        var imageId = Guid.NewGuid();

        await Task.WhenAll(scenario.Upload(imageId), scenario.Upload(imageId));
        await scenario.InState(imageId, machine => machine.Completed);
        await scenario.Settle();

        scenario.MetadataCommands(imageId).Count.ShouldBe(1);
        scenario.FingerprintCommands(imageId).Count.ShouldBe(1);
        scenario.Completions(imageId).Count.ShouldBe(1);
        scenario.SagaFaults().ShouldBeEmpty();
    }
}
