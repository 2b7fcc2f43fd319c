using System.Text;
using MassTransit;
using ImageSaga.Orchestrator.Describing;

namespace ImageSaga.Orchestrator.Tests;

/// <summary>
/// Draws a state machine as a Mermaid <c>stateDiagram-v2</c> from the machine itself, so the README's diagram cannot drift.
/// </summary>
/// <remarks>The transitions come from <see cref="StateMachineTransitions"/>, the walk the console's graph uses too.</remarks>
internal static class StateMachineDiagram
{
    public static string ToMermaid<TSaga>(StateMachine<TSaga> machine)
        where TSaga : class, SagaStateMachineInstance
    {
        var transitions = StateMachineTransitions.Of(machine);

        var order = machine.States.Select((state, index) => (state.Name, index)).ToDictionary(pair => pair.Name, pair => pair.index);
        int Rank(string state) => order.TryGetValue(state, out var rank) ? rank : int.MaxValue;

        var text = new StringBuilder();
        text.Append("stateDiagram-v2\n");
        text.Append($"    [*] --> {machine.Initial.Name}\n");

        foreach (var transition in transitions
                     .GroupBy(t => (t.From, t.To))
                     .OrderBy(group => Rank(group.Key.From)).ThenBy(group => Rank(group.Key.To)))
        {
            var events = transition.Select(t => t.Event).Distinct().OrderBy(name => name, StringComparer.Ordinal);
            text.Append($"    {transition.Key.From} --> {transition.Key.To} : {string.Join(", ", events)}\n");
        }

        // Events a state accepts without (always) leaving it: progress inside a state, or duplicates and late replies
        // absorbed on purpose. An event whose only transitions sit in an If(...) branch may stay, so it is listed too.
        foreach (var state in machine.States.Where(state => state != machine.Initial && state != machine.Final).OrderBy(state => Rank(state.Name)))
        {
            var leaving = transitions.Where(t => t.From == state.Name && t.To != state.Name && !t.Conditional).Select(t => t.Event).ToHashSet();
            var staying = machine.NextEvents(state)
                .Select(@event => @event.Name)
                .Where(name => !leaving.Contains(name) && !StateMachineTransitions.IsLifecycleEvent(name))
                .OrderBy(name => name, StringComparer.Ordinal)
                .ToList();
            if (staying.Count > 0)
                text.Append($"    note right of {state.Name} : stays on {string.Join(", ", staying)}\n");
        }

        return text.ToString();
    }
}
