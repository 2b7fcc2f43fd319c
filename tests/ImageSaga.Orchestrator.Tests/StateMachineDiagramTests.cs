using ImageSaga.Orchestrator.Steps;
using MassTransit.SagaStateMachine;
using Microsoft.Extensions.Options;

namespace ImageSaga.Orchestrator.Tests;

public sealed class StateMachineDiagramTests(ITestOutputHelper output)
{
    readonly ImageAnalysisStateMachine _machine = new(Options.Create(new AnalysisOptions()), TimeProvider.System);

    [Fact]
    public void Draws_the_saga_from_upload_to_its_outcomes()
    {
        var diagram = StateMachineDiagram.ToMermaid(_machine);
        output.WriteLine(diagram);

        diagram.ShouldStartWith("stateDiagram-v2\n");
        diagram.ShouldContain("[*] --> Initial");
        diagram.ShouldContain("Initial --> Analyzing : Uploaded");
        diagram.ShouldContain("Analyzing --> Completed : ");
        diagram.ShouldContain("Analyzing --> Failed : ");
    }

    [Fact]
    public void Draws_every_step_reply_and_the_deadline_as_a_way_out_of_Analyzing()
    {
        var diagram = StateMachineDiagram.ToMermaid(_machine);
        var toCompleted = diagram.Split('\n').Single(line => line.Contains("Analyzing --> Completed", StringComparison.Ordinal));
        var toFailed = diagram.Split('\n').Single(line => line.Contains("Analyzing --> Failed", StringComparison.Ordinal));

        foreach (var @event in new[] { "DeadlineReached", "MetadataExtracted", "MetadataExtractionFailed", "MetadataFaulted",
                     "FingerprintComputed", "FingerprintComputationFailed", "FingerprintFaulted" })
        {
            toCompleted.ShouldContain(@event);
            toFailed.ShouldContain(@event);
        }
    }

    [Fact]
    public void Never_leaves_a_terminal_state_and_leaves_Failed_only_by_a_redrive()
    {
        var diagram = StateMachineDiagram.ToMermaid(_machine);

        diagram.ShouldNotContain("Completed -->");
        diagram.ShouldNotContain("Cancelled -->");
        diagram.ShouldNotContain("Rejected -->");
        diagram.Split('\n').Where(line => line.TrimStart().StartsWith("Failed -->", StringComparison.Ordinal))
            .ShouldAllBe(line => line.EndsWith(": RedriveRequested", StringComparison.Ordinal));
    }

    [Fact]
    public void Agrees_with_MassTransits_own_graph_about_which_states_are_connected()
    {
        // GetGraph() is State -> Event -> State; it cannot pair an event with its source state, but the set of
        // reachable state pairs must include every transition the diagram draws.
        var graph = _machine.GetGraph();
        var pairs = graph.Edges.Where(edge => edge.From.VertexType == typeof(MassTransit.State))
            .SelectMany(first => graph.Edges.Where(second => second.From.Equals(first.To))
                .Select(second => $"{first.From.Title} --> {second.To.Title}"))
            .ToHashSet();

        foreach (var pair in new[] { "Initial --> Analyzing", "Analyzing --> Completed", "Analyzing --> Failed" })
            pairs.ShouldContain(pair);
    }

    [Fact]
    public void Matches_the_saga_diagram_in_the_README()
    {
        // The README shows the diagram this test generates; regenerate it (the test output prints it) when the
        // machine changes, so the documentation cannot drift from the code.
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        const string start = "<!-- saga-diagram:start -->";
        const string end = "<!-- saga-diagram:end -->";
        var block = readme[(readme.IndexOf(start, StringComparison.Ordinal) + start.Length)..readme.IndexOf(end, StringComparison.Ordinal)];
        var expected = $"```mermaid\n{StateMachineDiagram.ToMermaid(_machine).TrimEnd()}\n```";
        output.WriteLine(expected);

        block.Trim().ReplaceLineEndings("\n").ShouldBe(expected);
    }

    static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ImageSaga.sln")))
                return directory.FullName;
        }

        throw new DirectoryNotFoundException("No ImageSaga.sln above the test output.");
    }
}
