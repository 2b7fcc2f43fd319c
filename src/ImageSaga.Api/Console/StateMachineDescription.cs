using ImageSaga.Orchestrator;
using ImageSaga.Orchestrator.Describing;
using ImageSaga.Orchestrator.Steps;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ImageSaga.Api.Console;

/// <summary>
/// <c>GET /api/statemachine</c>: the image-analysis saga's states, events and transitions, read from the state machine's
/// own definition at run time, so the console's graph cannot drift from the code. <see cref="Steps"/> says which state
/// runs which step, so the page can colour each step's status inside its state.
/// </summary>
public sealed record StateMachineDescription(
    string Name,
    string Initial,
    IReadOnlyList<StateDescription> States,
    IReadOnlyList<EventDescription> Events,
    IReadOnlyList<TransitionDescription> Transitions,
    IReadOnlyList<StepDescription> Steps)
{
    /// <summary>The description of <see cref="ImageAnalysisStateMachine"/> (its structure does not depend on its settings).</summary>
    public static StateMachineDescription ImageAnalysis { get; } = DescribeImageAnalysis();

    static StateMachineDescription DescribeImageAnalysis()
    {
        var machine = new ImageAnalysisStateMachine(Options.Create(new AnalysisOptions()), TimeProvider.System);
        // The analyses run while the saga is Analyzing, enrichment (it needs their results) while it is Enriching.
        var steps = AnalysisSteps.All
            .Select(step => new StepDescription(step.Name, step.Queue, step.Phase.ToString(),
                (step.Phase == StepPhase.Enrichment ? machine.Enriching : machine.Analyzing).Name))
            .ToList();
        return Describe(machine, steps);
    }

    public static StateMachineDescription Describe<TSaga>(StateMachine<TSaga> machine, IReadOnlyList<StepDescription> steps)
        where TSaga : class, SagaStateMachineInstance
    {
        var transitions = StateMachineTransitions.Of(machine);

        // MassTransit's Final state exists in every machine; it is shown only when something goes there.
        var states = machine.States
            .Where(state => state == machine.Initial || transitions.Any(t => t.From == state.Name || t.To == state.Name))
            .Select(state =>
            {
                var leaving = transitions.Where(t => t.From == state.Name && t.To != state.Name).Select(t => t.Event).ToHashSet();
                var accepted = machine.NextEvents(state).Select(@event => @event.Name).Where(name => !StateMachineTransitions.IsLifecycleEvent(name)).ToList();
                return new StateDescription(
                    state.Name,
                    Initial: state == machine.Initial,
                    Terminal: leaving.Count == 0 && state != machine.Initial,
                    Accepts: accepted.Order(StringComparer.Ordinal).ToList(),
                    StaysOn: accepted.Where(name => !leaving.Contains(name)).Order(StringComparer.Ordinal).ToList());
            })
            .ToList();

        var events = machine.Events
            .Where(@event => !StateMachineTransitions.IsLifecycleEvent(@event.Name))
            .Select(@event => new EventDescription(@event.Name, MessageName(@event)))
            .OrderBy(@event => @event.Name, StringComparer.Ordinal)
            .ToList();

        var edges = transitions
            .GroupBy(t => (t.From, t.To))
            .Select(group => new TransitionDescription(group.Key.From, group.Key.To,
                group.Select(t => t.Event).Distinct().Order(StringComparer.Ordinal).ToList(),
                Conditional: group.All(t => t.Conditional)))
            .OrderBy(t => states.FindIndex(s => s.Name == t.From)).ThenBy(t => states.FindIndex(s => s.Name == t.To))
            .ToList();

        return new StateMachineDescription(machine.GetType().Name, machine.Initial.Name, states, events, edges, steps);
    }

    static string MessageName(Event @event)
    {
        var type = @event.GetType();
        var data = type.IsGenericType ? type.GetGenericArguments().LastOrDefault() : null;
        return data is null ? "" : FriendlyName(data);
    }

    // Fault<ExtractMetadata> rather than Fault`1.
    static string FriendlyName(Type type) =>
        type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(FriendlyName))}>"
            : type.Name;
}

/// <summary>
/// A state. <see cref="Terminal"/>: nothing leaves it. <see cref="StaysOn"/>: the events it accepts that never move it
/// elsewhere (notes, duplicates and late replies absorbed on purpose).
/// </summary>
public sealed record StateDescription(string Name, bool Initial, bool Terminal, IReadOnlyList<string> Accepts, IReadOnlyList<string> StaysOn);

/// <summary>An event and the message that raises it, e.g. <c>MetadataFaulted</c> from <c>Fault&lt;ExtractMetadata&gt;</c>.</summary>
public sealed record EventDescription(string Name, string Message);

/// <summary>
/// Every event that can move the saga from <see cref="From"/> to <see cref="To"/>. <see cref="Conditional"/>: only
/// when a condition holds (the join decides, e.g., between Completed and Failed), so the event may also leave it in place.
/// </summary>
public sealed record TransitionDescription(string From, string To, IReadOnlyList<string> Events, bool Conditional);

/// <summary>A step of the saga, the queue its service listens on, and the state in which it runs.</summary>
public sealed record StepDescription(string Name, string Queue, string Phase, string State);
