using ImageSaga.Api.Console;

namespace ImageSaga.Console.Tests;

/// <summary>What the console's graph is drawn from: the saga's own definition, read at run time.</summary>
public sealed class StateMachineDescriptionTests
{
    readonly StateMachineDescription _machine = StateMachineDescription.ImageAnalysis;

    [Fact]
    public void Describes_every_state_from_upload_to_the_outcomes_and_leaves_out_the_unused_final_state()
    {
        _machine.Initial.ShouldBe("Initial");
        _machine.States.Select(state => state.Name).ShouldBe(
            ["Initial", "Analyzing", "Enriching", "AwaitingReview", "Rejected", "Completed", "Failed", "Cancelled"], ignoreOrder: true);
        _machine.States.Where(state => state.Terminal).Select(state => state.Name).ShouldBe(["Rejected", "Completed", "Cancelled"], ignoreOrder: true);
    }

    [Fact]
    public void Names_the_events_of_each_transition_and_which_only_happen_when_the_join_decides_so()
    {
        var upload = _machine.Transitions.Single(t => t is { From: "Initial", To: "Analyzing" });
        upload.Events.ShouldBe(["Uploaded"]);
        upload.Conditional.ShouldBeFalse();

        var completion = _machine.Transitions.Single(t => t is { From: "Analyzing", To: "Completed" });
        completion.Events.ShouldContain("MetadataExtracted");
        completion.Events.ShouldContain("DeadlineReached");
        completion.Conditional.ShouldBeTrue();

        _machine.Transitions.ShouldNotContain(t => t.From == "Completed" || t.From == "Cancelled" || t.From == "Rejected");
        _machine.Transitions.Where(t => t.From == "Failed").ShouldAllBe(t => t.Events.Count == 1 && t.Events[0] == "RedriveRequested");
        _machine.Events.Single(e => e.Name == "MetadataFaulted").Message.ShouldBe("Fault<ExtractMetadata>");
    }

    [Fact]
    public void Places_the_analyses_in_Analyzing_and_enrichment_in_Enriching()
    {
        _machine.Steps.Where(step => step.State == "Analyzing").Select(step => step.Name)
            .ShouldBe(["metadata", "fingerprint", "detection", "classification", "faces", "moderation"]);
        _machine.Steps.Single(step => step.Name == "enrichment").State.ShouldBe("Enriching");
        _machine.Steps.Single(step => step.Name == "detection").Queue.ShouldBe("detect-objects");
    }
}
