namespace ImageSaga.Contracts;

/// <summary>An earlier image of the same user that looks the same.</summary>
public sealed record SimilarImage
{
    /// <summary>The earlier image.</summary>
    public Guid ImageId { get; init; }

    /// <summary>Its file name as uploaded.</summary>
    public string FileName { get; init; } = "";

    /// <summary>When it was uploaded.</summary>
    public DateTimeOffset UploadedAt { get; init; }

    /// <summary>Hamming distance between the 64-bit perceptual hashes (0 = identical looking).</summary>
    public int Distance { get; init; }

    /// <summary>True when the bytes are identical (same SHA-256), not only the look.</summary>
    public bool Exact { get; init; }
}
