namespace ImageSaga.Contracts;

/// <summary>
/// The fingerprint step could not analyse the image for a reason the input explains. An unexpected exception surfaces
/// as <c>Fault&lt;ComputeFingerprint&gt;</c>; the saga treats both as the step failing.
/// </summary>
public sealed record FingerprintComputationFailed
{
    /// <summary>The image (and saga) the failure belongs to.</summary>
    public Guid ImageId { get; init; }

    /// <summary>A stable, machine-readable reason code.</summary>
    public string ReasonCode { get; init; } = "";

    /// <summary>A human-readable explanation.</summary>
    public string Message { get; init; } = "";
}
