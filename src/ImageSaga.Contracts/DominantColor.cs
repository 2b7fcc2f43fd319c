namespace ImageSaga.Contracts;

/// <summary>One dominant colour of an image.</summary>
public sealed record DominantColor
{
    /// <summary>The colour as <c>#rrggbb</c>.</summary>
    public string Hex { get; init; } = "";

    /// <summary>The share of the image's pixels closest to this colour, 0..1.</summary>
    public double Share { get; init; }
}
