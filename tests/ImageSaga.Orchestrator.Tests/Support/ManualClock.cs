namespace ImageSaga.Orchestrator.Tests.Support;

/// <summary>A clock that stands still until a test moves it forward.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
