using MassTransit;
using MassTransit.SagaStateMachine;

namespace ImageSaga.Orchestrator.Describing;

/// <summary>One way a state machine can move: from a state, on an event, to another state (only if a condition holds, when <see cref="Conditional"/>).</summary>
public sealed record StateMachineTransition(string From, string Event, string To, bool Conditional);

/// <summary>
/// Reads a state machine's transitions from its own definition, including those inside <c>If</c> branches: what the
/// README diagram and the console's graph are drawn from, so neither can drift from the code. MassTransit's
/// <c>GetGraph()</c> keeps one vertex per event for the whole machine, so an event handled in two states loses the
/// state it left from; this walk keeps (state, event, target) triples.
/// </summary>
public static class StateMachineTransitions
{
    public static IReadOnlyCollection<StateMachineTransition> Of<TSaga>(StateMachine<TSaga> machine)
        where TSaga : class, SagaStateMachineInstance
    {
        var visitor = new TransitionVisitor<TSaga>();
        machine.Accept(visitor);
        return visitor.Transitions;
    }

    /// <summary>MassTransit's built-in Enter/Leave/BeforeEnter/AfterLeave events of every state.</summary>
    public static bool IsLifecycleEvent(string name) =>
        name.EndsWith(".Enter", StringComparison.Ordinal) || name.EndsWith(".Leave", StringComparison.Ordinal)
        || name.EndsWith(".BeforeEnter", StringComparison.Ordinal) || name.EndsWith(".AfterLeave", StringComparison.Ordinal);

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

        public HashSet<StateMachineTransition> Transitions { get; } = [];

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
                Transitions.Add(new StateMachineTransition(_states.Peek(), _event, transition.ToState.Name, Conditional: _conditions > 0));

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
