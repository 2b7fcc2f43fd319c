namespace ImageSaga.Contracts;

/// <summary>A named point in pixels of the upright image.</summary>
public sealed record Landmark
{
    /// <summary><c>right-eye</c>, <c>left-eye</c>, <c>nose</c>, <c>right-mouth</c> or <c>left-mouth</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary>Horizontal position.</summary>
    public float X { get; init; }

    /// <summary>Vertical position.</summary>
    public float Y { get; init; }
}
