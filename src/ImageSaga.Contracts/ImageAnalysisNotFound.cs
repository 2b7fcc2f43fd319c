namespace ImageSaga.Contracts;

/// <summary>The answer to <see cref="GetImageAnalysisStatus"/> when no analysis has that id.</summary>
public sealed record ImageAnalysisNotFound
{
    /// <summary>The id asked about.</summary>
    public Guid ImageId { get; init; }
}
