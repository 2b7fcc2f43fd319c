namespace ImageSaga.ServiceDefaults.Tests;

/// <summary>Activity listeners are process-wide: the test classes that register one run one at a time.</summary>
[CollectionDefinition(Collection)]
public sealed class ActivityListeners
{
    public const string Collection = "Process-wide activity listeners";
}
