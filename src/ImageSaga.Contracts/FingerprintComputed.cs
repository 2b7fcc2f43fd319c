namespace ImageSaga.Contracts;

/// <summary>The fingerprint step succeeded.</summary>
public sealed record FingerprintComputed
{
    /// <summary>The image (and saga) the result belongs to.</summary>
    public Guid ImageId { get; init; }

    /// <summary>Thumbnail, perceptual hash, colours and quality.</summary>
    public ImageFingerprint Fingerprint { get; init; } = new();
}
