namespace ImageSaga.Contracts;

/// <summary>A simple, explainable quality assessment.</summary>
public sealed record ImageQuality
{
    /// <summary>Variance of the Laplacian of the grey thumbnail; higher is sharper.</summary>
    public double Sharpness { get; init; }

    /// <summary>Mean luminance 0..1.</summary>
    public double Brightness { get; init; }

    /// <summary>Share of pixels clipped to black or white, 0..1.</summary>
    public double ClippedShare { get; init; }

    /// <summary>Overall score 0..1 combining sharpness and exposure.</summary>
    public double Score { get; init; }

    /// <summary>One of <c>good</c>, <c>blurry</c>, <c>underexposed</c>, <c>overexposed</c>.</summary>
    public string Verdict { get; init; } = "";
}
