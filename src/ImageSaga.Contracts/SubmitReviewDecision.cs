namespace ImageSaga.Contracts;

/// <summary>A reviewer's decision on a waiting analysis, valid once and only with the task token it was issued.</summary>
public sealed record SubmitReviewDecision
{
    /// <summary>The image (and saga).</summary>
    public Guid ImageId { get; init; }

    /// <summary>The task token from <see cref="ReviewRequested"/>.</summary>
    public string TaskToken { get; init; } = "";

    /// <summary>True to continue the analysis, false to reject the image.</summary>
    public bool Approved { get; init; }

    /// <summary>Who decided, for the execution history.</summary>
    public string Reviewer { get; init; } = "";

    /// <summary>Why, if they said.</summary>
    public string? Comment { get; init; }
}
