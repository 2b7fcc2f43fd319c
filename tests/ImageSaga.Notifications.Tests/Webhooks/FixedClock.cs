namespace ImageSaga.Notifications.Tests.Webhooks;

/// <summary>A fixed wall clock whose timers still run in real time, so request timeouts keep working.</summary>
sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
