namespace ImageSaga.Users.Preferences;

/// <summary>A user's webhook: where to POST notifications and the secret their HMAC-SHA256 signature uses.</summary>
public sealed record WebhookSettings
{
    /// <summary>Absolute http or https URL.</summary>
    public string Url { get; init; } = "";

    /// <summary>
    /// Shared secret for the <c>X-ImageSaga-Signature</c> header, at least 16 characters. Write-only: reading the
    /// preferences returns it masked.
    /// </summary>
    public string Secret { get; init; } = "";
}
