namespace ImageSaga.Api.Images;

/// <summary>The answer to an accepted upload: where to follow the saga.</summary>
public sealed record UploadAccepted(Guid ImageId, string StatusUrl, string HistoryUrl, string Sha256, long Length);
