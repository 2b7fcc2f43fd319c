using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Steps;
using ImageSaga.Orchestrator.Tests.Support;

namespace ImageSaga.Orchestrator.Tests.Specs;

/// <summary>
/// Time moves forward by publishing <see cref="ImageAnalysisDeadlineReached"/> with a deadline past the step's: the
/// saga takes max(now, deadline) as the current time, so nothing here waits out a real timeout.
/// </summary>
public sealed class When_a_step_stays_silent
{
    [Fact]
    public async Task Sends_it_again_with_the_next_attempt_then_fails_with_timed_out()
    {
        await using var scenario = await SagaScenario.Start();
        scenario.Script.Metadata = StepReply.StaysSilent;

        var imageId = await scenario.Upload();
        await SagaScenario.Eventually(() => scenario.Instance(imageId).Steps["fingerprint"].Status == StepStatus.Succeeded,
            "the fingerprint never succeeded");

        await scenario.PassNextDeadline(imageId);
        await SagaScenario.Eventually(() => scenario.MetadataCommands(imageId).Count == 2, "attempt 2 was never sent");

        await scenario.PassNextDeadline(imageId);
        await SagaScenario.Eventually(() => scenario.MetadataCommands(imageId).Count == 3, "attempt 3 was never sent");
        scenario.Instance(imageId).CurrentState.ShouldBe(nameof(ImageAnalysisStateMachine.Analyzing));

        await scenario.PassNextDeadline(imageId);
        var saga = await scenario.InState(imageId, machine => machine.Failed);
        await scenario.Settle();

        scenario.MetadataCommands(imageId).Select(command => command.Attempt).ShouldBe([1, 2, 3]);
        scenario.MetadataCommands(imageId).ShouldAllBe(command => command.StorageKey == $"originals/{imageId:N}.jpg" && command.Sha256 == Samples.Sha256);
        scenario.FingerprintCommands(imageId).Count.ShouldBe(1);
        saga.Steps["metadata"].Status.ShouldBe(StepStatus.TimedOut);
        saga.Steps["metadata"].Attempts.ShouldBe(3);
        var failed = scenario.Failures(imageId).ShouldHaveSingleItem();
        failed.FailedStep.ShouldBe("metadata");
        failed.ReasonCode.ShouldBe(AnalysisFailureReasons.TimedOut);
        scenario.Completions(imageId).ShouldBeEmpty();
    }

    [Fact]
    public async Task Gives_up_after_the_first_deadline_when_no_retries_are_configured()
    {
        await using var scenario = await SagaScenario.Start(options => options.Steps["metadata"].TimeoutRetries = 0);
        scenario.Script.Metadata = StepReply.StaysSilent;

        var imageId = await scenario.Upload();
        await SagaScenario.Eventually(() => scenario.Instance(imageId).Steps["fingerprint"].Status == StepStatus.Succeeded,
            "the fingerprint never succeeded");
        await scenario.PassNextDeadline(imageId);
        await scenario.InState(imageId, machine => machine.Failed);
        await scenario.Settle();

        scenario.MetadataCommands(imageId).ShouldHaveSingleItem().Attempt.ShouldBe(1);
        scenario.Failures(imageId).ShouldHaveSingleItem().ReasonCode.ShouldBe(AnalysisFailureReasons.TimedOut);
    }

    [Fact]
    public async Task Ignores_a_deadline_message_that_is_earlier_than_the_step_deadline()
    {
        await using var scenario = await SagaScenario.Start();
        scenario.Script.Metadata = StepReply.StaysSilent;

        var imageId = await scenario.Upload();
        var stepDeadline = scenario.Instance(imageId).Steps["metadata"].DeadlineAt.ShouldNotBeNull();
        await scenario.PublishDeadline(imageId, new DateTimeOffset(stepDeadline, TimeSpan.Zero).AddSeconds(-30));
        await scenario.Settle();

        scenario.MetadataCommands(imageId).ShouldHaveSingleItem();
        var saga = scenario.Instance(imageId);
        saga.CurrentState.ShouldBe(nameof(ImageAnalysisStateMachine.Analyzing));
        saga.Steps["metadata"].Status.ShouldBe(StepStatus.Running);
        saga.Steps["metadata"].Attempts.ShouldBe(1);
        saga.Steps["metadata"].DeadlineAt.ShouldBe(stepDeadline);
    }

    [Fact]
    public async Task Completes_with_a_timed_out_warning_when_the_optional_step_never_answers()
    {
        await using var scenario = await SagaScenario.Start(options => options.Steps["fingerprint"].TimeoutRetries = 0);
        scenario.Script.Fingerprint = StepReply.StaysSilent;

        var imageId = await scenario.Upload();
        await SagaScenario.Eventually(() => scenario.Instance(imageId).Steps["metadata"].Status == StepStatus.Succeeded,
            "the metadata never succeeded");
        await scenario.PassNextDeadline(imageId);
        await scenario.InState(imageId, machine => machine.Completed);
        await scenario.Settle();

        scenario.Completions(imageId).ShouldHaveSingleItem().Warnings.ShouldBe(["fingerprint: timed-out"]);
    }

    [Fact]
    public async Task Accepts_a_late_answer_to_an_earlier_attempt()
    {
        await using var scenario = await SagaScenario.Start();
        scenario.Script.Metadata = StepReply.StaysSilent;

        var imageId = await scenario.Upload();
        await scenario.PassNextDeadline(imageId);
        await SagaScenario.Eventually(() => scenario.MetadataCommands(imageId).Count == 2, "attempt 2 was never sent");

        // Replies do not carry the attempt: whichever attempt answers first finishes the step.
        await scenario.PublishAndWait(new MetadataExtracted { ImageId = imageId, Metadata = Samples.Metadata });
        await scenario.InState(imageId, machine => machine.Completed);
        await scenario.Settle();

        scenario.Completions(imageId).ShouldHaveSingleItem().Warnings.ShouldBeEmpty();
        scenario.MetadataCommands(imageId).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Ignores_a_fault_from_an_attempt_a_timeout_already_superseded()
    {
        await using var scenario = await SagaScenario.Start();
        scenario.Script.Metadata = StepReply.StaysSilent;

        var imageId = await scenario.Upload();
        await scenario.PassNextDeadline(imageId);
        await SagaScenario.Eventually(() => scenario.MetadataCommands(imageId).Count == 2, "attempt 2 was never sent");

        // Attempt 1 finally faults, after attempt 2 went out: it says nothing about attempt 2.
        await scenario.PublishAndWait(new Fault1(scenario.MetadataCommands(imageId)[0]).Fault);
        scenario.Instance(imageId).CurrentState.ShouldBe(nameof(ImageAnalysisStateMachine.Analyzing));
        scenario.Instance(imageId).Steps["metadata"].Status.ShouldBe(StepStatus.Running);

        await scenario.PublishAndWait(new MetadataExtracted { ImageId = imageId, Metadata = new ImageMetadata { Format = "JPEG" } });
        await scenario.InState(imageId, machine => machine.Completed);
        scenario.Failures(imageId).ShouldBeEmpty();
    }

    /// <summary>A MassTransit fault of a command, as the bus would publish it when the consumer threw.</summary>
    sealed class Fault1(ExtractMetadata command)
    {
        public MassTransit.Fault<ExtractMetadata> Fault { get; } = new FaultOfExtractMetadata(command);

        sealed class FaultOfExtractMetadata(ExtractMetadata command) : MassTransit.Fault<ExtractMetadata>
        {
            public Guid FaultId { get; } = Guid.NewGuid();
            public Guid? FaultedMessageId => null;
            public DateTime Timestamp { get; } = DateTime.UtcNow;
            public MassTransit.ExceptionInfo[] Exceptions => [];
            public MassTransit.HostInfo Host => null!;
            public string[] FaultMessageTypes => ["urn:message:ImageSaga.Contracts:ExtractMetadata"];
            public ExtractMetadata Message { get; } = command;
        }
    }
}
