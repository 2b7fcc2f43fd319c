namespace ImageSaga.Contracts;

/// <summary>A reviewer (or the review timeout's default) rejected the image; the analysis ends as Rejected.</summary>
public sealed record ImageRejected
{
    /// <summary>The image (and saga).</summary>
    public Guid ImageId { get; init; }

    /// <summary>The batch the image belongs to, when it was submitted as part of one.</summary>
    public Guid? BatchId { get; init; }

    /// <summary>The owner of the image.</summary>
    public string UserId { get; init; } = "";

    /// <summary>Where the original is stored; it is deleted or quarantined as configured.</summary>
    public string StorageKey { get; init; } = "";

    /// <summary>Who rejected it (<c>review-timeout</c> when the default applied).</summary>
    public string RejectedBy { get; init; } = "";

    /// <summary>Why.</summary>
    public string? Reason { get; init; }

    /// <summary>True to move the original to quarantine, false to delete it.</summary>
    public bool Quarantine { get; init; }

    /// <summary>When.</summary>
    public DateTimeOffset RejectedAt { get; init; }
}
