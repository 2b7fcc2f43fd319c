namespace ImageSaga.Contracts;

/// <summary>
/// Request (MassTransit request client) for an analysis's current state, answered by the orchestrator from the saga
/// with <see cref="ImageAnalysisStatusReport"/> or <see cref="ImageAnalysisNotFound"/>.
/// </summary>
public sealed record GetImageAnalysisStatus
{
    /// <summary>The image (and saga).</summary>
    public Guid ImageId { get; init; }
}
