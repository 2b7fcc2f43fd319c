namespace ImageSaga.Contracts;

/// <summary>
/// An analysis waits for a person (moderation flagged the image, or a confidence was below the configured threshold).
/// <see cref="TaskToken"/> is the unguessable, single-use capability to decide it, like a Step Functions task token:
/// <c>POST /api/reviews/{token}</c> or <see cref="SubmitReviewDecision"/>.
/// </summary>
public sealed record ReviewRequested
{
    /// <summary>The image (and saga).</summary>
    public Guid ImageId { get; init; }

    /// <summary>The owner of the image.</summary>
    public string UserId { get; init; } = "";

    /// <summary>The task token.</summary>
    public string TaskToken { get; init; } = "";

    /// <summary>Why a person must look, e.g. <c>moderation: porn+hentai 0.82 &gt; 0.70</c>.</summary>
    public string Reason { get; init; } = "";

    /// <summary>When the configured default decision applies if nobody decided.</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}
