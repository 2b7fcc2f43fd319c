namespace ImageSaga.Api.Images;

/// <summary>One analysis in a list: enough to pick it out; <c>GET /api/images/{id}</c> has the rest.</summary>
public sealed record ImageSummary(
    Guid ImageId,
    string UserId,
    string State,
    string OriginalFileName,
    DateTime CreatedAt,
    DateTime? FinishedAt,
    IReadOnlyList<string> Labels,
    string? FailureReason,
    int Redrives);
