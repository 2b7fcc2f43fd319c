namespace ImageSaga.Contracts;

/// <summary>
/// Content moderation could not analyse the image for a reason the input explains. An unexpected exception in the consumer surfaces as <c>Fault&lt;ModerateContent&gt;</c> instead; the saga treats both as
/// the step failing.
/// </summary>
public sealed record ContentModerationFailed
{
    /// <summary>The image (and saga) the failure belongs to.</summary>
    public Guid ImageId { get; init; }

    /// <summary>A stable, machine-readable reason code (see <see cref="AnalysisFailureReasons"/>).</summary>
    public string ReasonCode { get; init; } = "";

    /// <summary>A human-readable explanation.</summary>
    public string Message { get; init; } = "";
}
