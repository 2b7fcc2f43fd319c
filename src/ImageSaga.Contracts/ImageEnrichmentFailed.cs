namespace ImageSaga.Contracts;

/// <summary>The enrichment step could not produce insights for a reason its input explains.</summary>
public sealed record ImageEnrichmentFailed
{
    /// <summary>The image (and saga).</summary>
    public Guid ImageId { get; init; }

    /// <summary>A stable, machine-readable reason code (see <see cref="AnalysisFailureReasons"/>).</summary>
    public string ReasonCode { get; init; } = "";

    /// <summary>A human-readable explanation.</summary>
    public string Message { get; init; } = "";
}
