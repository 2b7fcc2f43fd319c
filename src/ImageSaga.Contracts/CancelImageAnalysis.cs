namespace ImageSaga.Contracts;

/// <summary>Stops a running analysis: the saga moves to Cancelled and absorbs whatever replies still arrive.</summary>
public sealed record CancelImageAnalysis
{
    /// <summary>The image (and saga).</summary>
    public Guid ImageId { get; init; }

    /// <summary>Who asked, for the execution history (a user id, <c>admin</c>, or a service name).</summary>
    public string RequestedBy { get; init; } = "";

    /// <summary>Why, if they said.</summary>
    public string? Reason { get; init; }
}
