namespace ImageSaga.Contracts;

/// <summary>A running analysis was cancelled. Published once per image.</summary>
public sealed record ImageAnalysisCancelled
{
    /// <summary>The image (and saga).</summary>
    public Guid ImageId { get; init; }

    /// <summary>The batch the image belongs to, when it was submitted as part of one.</summary>
    public Guid? BatchId { get; init; }

    /// <summary>The owner of the image.</summary>
    public string UserId { get; init; } = "";

    /// <summary>When the saga reached Cancelled.</summary>
    public DateTimeOffset CancelledAt { get; init; }

    /// <summary>Who cancelled it.</summary>
    public string CancelledBy { get; init; } = "";

    /// <summary>Why, if they said.</summary>
    public string? Reason { get; init; }
}
