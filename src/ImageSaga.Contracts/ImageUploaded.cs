namespace ImageSaga.Contracts;

/// <summary>
/// An image was accepted and put into the image store. Starts one image-analysis saga per <see cref="ImageId"/>;
/// a second <see cref="ImageUploaded"/> for the same id is absorbed by the saga that already exists.
/// </summary>
public sealed record ImageUploaded
{
    /// <summary>The image's identity and the saga's correlation id.</summary>
    public Guid ImageId { get; init; }

    /// <summary>The batch the image belongs to, when it was submitted as part of one.</summary>
    public Guid? BatchId { get; init; }

    /// <summary>The owner of the image.</summary>
    public string UserId { get; init; } = "";

    /// <summary>The claim-check key of the original in the image store (relative, forward slashes).</summary>
    public string StorageKey { get; init; } = "";

    /// <summary>Lower-case hex SHA-256 of the stored bytes; every step verifies it before analysis.</summary>
    public string Sha256 { get; init; } = "";

    /// <summary>The content type the uploader declared or the API sniffed, e.g. <c>image/jpeg</c>.</summary>
    public string ContentType { get; init; } = "";

    /// <summary>Length of the stored original in bytes.</summary>
    public long Length { get; init; }

    /// <summary>The file name the user uploaded, for display only.</summary>
    public string OriginalFileName { get; init; } = "";

    /// <summary>When the upload was accepted.</summary>
    public DateTimeOffset UploadedAt { get; init; }
}
