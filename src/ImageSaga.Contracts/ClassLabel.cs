namespace ImageSaga.Contracts;

/// <summary>One class and its probability.</summary>
public sealed record ClassLabel
{
    /// <summary>The short class name (the ImageNet label up to its first comma), e.g. <c>espresso</c>.</summary>
    public string Label { get; init; } = "";

    /// <summary>Probability, 0..1.</summary>
    public float Probability { get; init; }
}
