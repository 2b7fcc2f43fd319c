namespace ImageSaga.Contracts;

/// <summary>Something notable about this image within the user's library.</summary>
public sealed record Highlight
{
    /// <summary><c>first</c> (the label never appeared before) or <c>streak</c> (several this week).</summary>
    public string Kind { get; init; } = "";

    /// <summary>The label it is about.</summary>
    public string Label { get; init; } = "";

    /// <summary>For a streak, how many of the user's photos this week show the label, this one included.</summary>
    public int Count { get; init; }

    /// <summary>Ready to show, e.g. <c>First elephant in your library</c>, <c>5th photo of a dog this week</c>.</summary>
    public string Text { get; init; } = "";
}
