using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Steps;
using ImageSaga.Orchestrator.Tests.Support;

namespace ImageSaga.Orchestrator.Tests;

/// <summary>The saga's step bookkeeping as plain methods, without a bus.</summary>
public sealed class ImageAnalysisStateTests
{
    static readonly DateTime T0 = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    static ImageAnalysisState Started(AnalysisOptions? options = null)
    {
        var saga = new ImageAnalysisState { CorrelationId = Guid.NewGuid() };
        saga.Start(Samples.Upload(saga.CorrelationId), options ?? Samples.TwoStepOptions(), T0);
        return saga;
    }

    [Fact]
    public void Start_runs_every_enabled_step_with_attempt_1_and_its_deadline()
    {
        var saga = Started();

        saga.StepsToDispatch.Select(d => (d.Step.Name, d.Attempt)).ShouldBe([("metadata", 1), ("fingerprint", 1)]);
        saga.Steps["metadata"].ShouldSatisfyAllConditions(
            step => step.Status.ShouldBe(StepStatus.Running),
            step => step.Required.ShouldBeTrue(),
            step => step.StartedAt.ShouldBe(T0),
            step => step.DeadlineAt.ShouldBe(T0.AddSeconds(60)));
        saga.Steps["fingerprint"].Required.ShouldBeFalse();
        saga.NextDeadlineAt.ShouldBe(T0.AddSeconds(60));
        saga.PhaseFinished(StepPhase.Analysis).ShouldBeFalse();
    }

    [Fact]
    public void Start_stores_the_checksum_in_lower_case()
    {
        var saga = new ImageAnalysisState { CorrelationId = Guid.NewGuid() };
        saga.Start(Samples.Upload(saga.CorrelationId) with { Sha256 = Samples.Sha256.ToUpperInvariant() }, Samples.TwoStepOptions(), T0);

        saga.Sha256.ShouldBe(Samples.Sha256);
    }

    [Fact]
    public void Start_skips_disabled_steps()
    {
        var options = Samples.TwoStepOptions();
        options.Steps["fingerprint"].Enabled = false;

        var saga = Started(options);

        saga.Steps.Keys.ShouldBe(["metadata"]);
        saga.StepsToDispatch.ShouldHaveSingleItem().Step.ShouldBe(AnalysisSteps.Metadata);
    }

    [Fact]
    public void Counts_only_the_first_answer_of_a_step()
    {
        var saga = Started();

        saga.TrySucceed("metadata", T0.AddSeconds(1)).ShouldBeTrue();
        saga.TrySucceed("metadata", T0.AddSeconds(2)).ShouldBeFalse();
        saga.TryFail("metadata", AnalysisFailureReasons.Corrupt, "late", T0.AddSeconds(3)).ShouldBeFalse();

        saga.Steps["metadata"].Status.ShouldBe(StepStatus.Succeeded);
        saga.Steps["metadata"].FinishedAt.ShouldBe(T0.AddSeconds(1));
        saga.Steps["metadata"].ReasonCode.ShouldBeNull();
    }

    [Fact]
    public void Ignores_an_answer_for_a_step_that_is_not_running()
    {
        var options = Samples.TwoStepOptions();
        options.Steps["fingerprint"].Enabled = false;
        var saga = Started(options);

        saga.TrySucceed("fingerprint", T0).ShouldBeFalse();
        saga.TryFail("nonsense", AnalysisFailureReasons.Corrupt, "", T0).ShouldBeFalse();
        saga.Steps.Keys.ShouldBe(["metadata"]);
    }

    [Fact]
    public void Records_a_failure_with_its_reason_and_a_truncated_message()
    {
        var saga = Started();

        saga.TryFail("metadata", AnalysisFailureReasons.Corrupt, new string('x', 5000), T0.AddSeconds(1)).ShouldBeTrue();

        saga.Steps["metadata"].Status.ShouldBe(StepStatus.Failed);
        saga.Steps["metadata"].ReasonCode.ShouldBe(AnalysisFailureReasons.Corrupt);
        saga.Steps["metadata"].Message.ShouldNotBeNull().Length.ShouldBe(1000);
        saga.Steps["metadata"].DeadlineAt.ShouldBeNull();
    }

    [Fact]
    public void NextDeadlineAt_is_the_earliest_deadline_of_a_running_step()
    {
        var options = Samples.TwoStepOptions();
        options.Steps["metadata"].TimeoutSeconds = 10;
        var saga = Started(options);

        saga.NextDeadlineAt.ShouldBe(T0.AddSeconds(10));
        saga.TrySucceed("metadata", T0.AddSeconds(1));
        saga.NextDeadlineAt.ShouldBe(T0.AddSeconds(60));
        saga.TrySucceed("fingerprint", T0.AddSeconds(2));
        saga.NextDeadlineAt.ShouldBeNull();
        saga.PhaseFinished(StepPhase.Analysis).ShouldBeTrue();
    }

    [Fact]
    public void Leaves_steps_alone_before_their_deadline()
    {
        var saga = Started();
        saga.StepsToDispatch.Clear();

        saga.ApplyDeadlines(T0.AddSeconds(59));

        saga.StepsToDispatch.ShouldBeEmpty();
        saga.Steps.Values.ShouldAllBe(step => step.Status == StepStatus.Running && step.Attempts == 1);
    }

    [Fact]
    public void Sends_a_step_again_until_its_retries_are_used_up_then_times_it_out()
    {
        var saga = Started();
        saga.TrySucceed("fingerprint", T0);
        saga.StepsToDispatch.Clear();

        saga.ApplyDeadlines(T0.AddSeconds(60));
        saga.StepsToDispatch.ShouldHaveSingleItem().ShouldBe((AnalysisSteps.Metadata, 2));
        saga.NextDeadlineAt.ShouldBe(T0.AddSeconds(120));
        saga.StepsToDispatch.Clear();

        saga.ApplyDeadlines(T0.AddSeconds(120));
        saga.StepsToDispatch.ShouldHaveSingleItem().ShouldBe((AnalysisSteps.Metadata, 3));
        saga.StepsToDispatch.Clear();

        saga.ApplyDeadlines(T0.AddSeconds(180));
        saga.StepsToDispatch.ShouldBeEmpty();
        var metadata = saga.Steps["metadata"];
        metadata.Status.ShouldBe(StepStatus.TimedOut);
        metadata.ReasonCode.ShouldBe(AnalysisFailureReasons.TimedOut);
        metadata.Attempts.ShouldBe(3);
        metadata.StartedAt.ShouldBe(T0);
        saga.NextDeadlineAt.ShouldBeNull();
        saga.PhaseFinished(StepPhase.Analysis).ShouldBeTrue();
    }

    [Fact]
    public void Applying_the_same_deadline_twice_sends_once()
    {
        var saga = Started();
        saga.StepsToDispatch.Clear();

        saga.ApplyDeadlines(T0.AddSeconds(61));
        saga.ApplyDeadlines(T0.AddSeconds(61));

        saga.StepsToDispatch.Count.ShouldBe(2);
        saga.Steps.Values.ShouldAllBe(step => step.Attempts == 2);
    }

    [Fact]
    public void FirstRequiredFailure_ignores_optional_steps()
    {
        var saga = Started();
        saga.TrySucceed("metadata", T0);
        saga.TryFail("fingerprint", AnalysisFailureReasons.Corrupt, "", T0);

        saga.FirstRequiredFailure().ShouldBeNull();
    }

    [Fact]
    public void FirstRequiredFailure_names_the_required_step_that_did_not_succeed()
    {
        var options = Samples.TwoStepOptions();
        options.Steps["metadata"].TimeoutRetries = 0;
        var saga = Started(options);
        saga.TrySucceed("fingerprint", T0);
        saga.ApplyDeadlines(T0.AddSeconds(60));

        var failure = saga.FirstRequiredFailure().ShouldNotBeNull();
        failure.Step.ShouldBe("metadata");
        failure.Progress.ReasonCode.ShouldBe(AnalysisFailureReasons.TimedOut);
    }

    [Fact]
    public void A_saga_without_steps_is_not_finished()
    {
        new ImageAnalysisState().PhaseFinished(StepPhase.Analysis).ShouldBeFalse();
    }
}
