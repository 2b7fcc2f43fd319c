using System.Text;
using MassTransit;
using MassTransit.SagaStateMachine;

namespace ImageSaga.Orchestrator.Tests;

/// <summary>
/// Draws a state machine as a Mermaid <c>stateDiagram-v2</c> from the machine itself, so the README's diagram cannot drift.
/// </summary>
/// <remarks>
/// MassTransit's own <c>machine.GetGraph()</c> keeps one vertex per event for the whole machine, so an event handled in
/// two states loses which state it left from; this visitor records (state, event, target) triples instead, including
/// transitions inside <c>If</c> branches.
/// </remarks>
internal static class StateMachineDiagram
{
    public static string ToMermaid<TSaga>(StateMachine<TSaga> machine)
        where TSaga : class, SagaStateMachineInstance
    {
        var visitor = new TransitionVisitor<TSaga>();
        machine.Accept(visitor);

        var order = machine.States.Select((state, index) => (state.Name, index)).ToDictionary(pair => pair.Name, pair => pair.index);
        int Rank(string state) => order.TryGetValue(state, out var rank) ? rank : int.MaxValue;

        var text = new StringBuilder();
        text.Append("stateDiagram-v2\n");
        text.Append($"    [*] --> {machine.Initial.Name}\n");

        foreach (var transition in visitor.Transitions
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
            var leaving = visitor.Transitions.Where(t => t.From == state.Name && t.To != state.Name && !t.Conditional).Select(t => t.Event).ToHashSet();
            var staying = machine.NextEvents(state)
                .Select(@event => @event.Name)
                .Where(name => !leaving.Contains(name) && !IsLifecycleEvent(name))
                .OrderBy(name => name, StringComparer.Ordinal)
                .ToList();
            if (staying.Count > 0)
                text.Append($"    note right of {state.Name} : stays on {string.Join(", ", staying)}\n");
        }

        return text.ToString();
    }

    // MassTransit's built-in Enter/Leave/BeforeEnter/AfterLeave events of every state.
    static bool IsLifecycleEvent(string name) =>
        name.EndsWith(".Enter", StringComparison.Ordinal) || name.EndsWith(".Leave", StringComparison.Ordinal)
        || name.EndsWith(".BeforeEnter", StringComparison.Ordinal) || name.EndsWith(".AfterLeave", StringComparison.Ordinal);

    internal sealed record Transition(string From, string Event, string To, bool Conditional);

    static bool IsCondition(IStateMachineActivity activity) =>
        activity.GetType() is { IsGenericType: true } type
        && (type.GetGenericTypeDefinition() == typeof(ConditionActivity<>) || type.GetGenericTypeDefinition() == typeof(ConditionActivity<,>));

    sealed class TransitionVisitor<TSaga> : StateMachineVisitor
        where TSaga : class, SagaStateMachineInstance
    {
        // MassTransit visits a state's event first and that event's activities afterwards (not inside the event's
        // visit), so the current event is remembered until the next one, as its own GraphStateMachineVisitor does.
        readonly Stack<string> _states = new();
        string? _event;
        int _conditions;

        public HashSet<Transition> Transitions { get; } = [];

        public void Visit(State state, Action<State> next)
        {
            _states.Push(state.Name);
            _event = null;
            next(state);
            _states.Pop();
        }

        public void Visit(Event @event, Action<Event> next)
        {
            _event = @event.Name;
            next(@event);
        }

        public void Visit<TData>(Event<TData> @event, Action<Event<TData>> next)
            where TData : class
        {
            _event = @event.Name;
            next(@event);
        }

        public void Visit(IStateMachineActivity activity) => Visit(activity, _ => { });

        public void Visit(IStateMachineActivity activity, Action<IStateMachineActivity> next)
        {
            if (activity is TransitionActivity<TSaga> transition && _states.Count > 0 && _event is not null)
                Transitions.Add(new Transition(_states.Peek(), _event, transition.ToState.Name, Conditional: _conditions > 0));

            var condition = IsCondition(activity);
            if (condition)
                _conditions++;
            next(activity);
            if (condition)
                _conditions--;
        }

        public void Visit<T>(IBehavior<T> behavior)
            where T : class, SagaStateMachineInstance =>
            Visit(behavior, _ => { });

        public void Visit<T>(IBehavior<T> behavior, Action<IBehavior<T>> next)
            where T : class, SagaStateMachineInstance =>
            next(behavior);

        public void Visit<T, TData>(IBehavior<T, TData> behavior)
            where T : class, SagaStateMachineInstance
            where TData : class =>
            Visit(behavior, _ => { });

        public void Visit<T, TData>(IBehavior<T, TData> behavior, Action<IBehavior<T, TData>> next)
            where T : class, SagaStateMachineInstance
            where TData : class =>
            next(behavior);
    }
}
