namespace ImageSaga.Contracts;

/// <summary>
/// The metadata step could not analyse the image for a reason the input explains (see <see cref="AnalysisFailureReasons"/>).
/// An unexpected exception in the consumer surfaces as MassTransit's <c>Fault&lt;ExtractMetadata&gt;</c> instead;
/// the saga treats both as the step failing.
/// </summary>
public sealed record MetadataExtractionFailed
{
    /// <summary>The image (and saga) the failure belongs to.</summary>
    public Guid ImageId { get; init; }

    /// <summary>A stable, machine-readable reason code.</summary>
    public string ReasonCode { get; init; } = "";

    /// <summary>A human-readable explanation.</summary>
    public string Message { get; init; } = "";
}
