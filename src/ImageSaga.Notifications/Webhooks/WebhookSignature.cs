using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ImageSaga.Notifications.Webhooks;

/// <summary>
/// How a webhook delivery proves it comes from ImageSaga, and how a receiver checks it. Every delivery carries
/// <list type="bullet">
/// <item><c>X-ImageSaga-Timestamp: &lt;unix seconds&gt;</c></item>
/// <item><c>X-ImageSaga-Signature: sha256=&lt;lower-case hex HMAC-SHA256(secret, "&lt;timestamp&gt;.&lt;raw body bytes&gt;")&gt;</c></item>
/// <item><c>X-ImageSaga-Delivery: &lt;delivery id&gt;</c>, the same on every retry of one delivery, for de-duplication</item>
/// </list>
/// The secret is used as its UTF-8 bytes. The timestamp is signed with the body so a captured request cannot be
/// replayed later than the receiver's tolerance.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-ImageSaga-Timestamp";
    public const string SignatureHeader = "X-ImageSaga-Signature";
    public const string DeliveryHeader = "X-ImageSaga-Delivery";

    /// <summary>The prefix of the signature header's value; it names the algorithm so another can be added later.</summary>
    public const string SignaturePrefix = "sha256=";

    /// <summary>How far a timestamp may be from the receiver's clock, either way, by default.</summary>
    public static TimeSpan DefaultTolerance { get; } = TimeSpan.FromMinutes(5);

    const int HashBytes = 32;

    /// <summary>The value of the <see cref="SignatureHeader"/>: <c>sha256=</c> and 64 lower-case hex digits.</summary>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        Span<byte> hash = stackalloc byte[HashBytes];
        ComputeHash(secret, timestamp, body, hash);
        return SignaturePrefix + Convert.ToHexStringLower(hash);
    }

    /// <inheritdoc cref="Verify(string, string?, string?, ReadOnlySpan{byte}, DateTimeOffset, TimeSpan)"/>
    public static bool Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now) =>
        Verify(secret, timestampHeader, signatureHeader, body, now, DefaultTolerance);

    /// <summary>
    /// True when <paramref name="signatureHeader"/> is the signature of <paramref name="body"/> at
    /// <paramref name="timestampHeader"/> and that timestamp is within <paramref name="tolerance"/> of
    /// <paramref name="now"/>. Missing or malformed headers are false, never an exception.
    /// </summary>
    public static bool Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body,
        DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (!TryParseTimestamp(timestampHeader, out var timestamp))
            return false;
        // Both directions: a timestamp far in the future would otherwise stay replayable until it became current.
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
            return false;

        Span<byte> received = stackalloc byte[HashBytes];
        if (!TryParseSignature(signatureHeader, received))
            return false;

        Span<byte> expected = stackalloc byte[HashBytes];
        ComputeHash(secret, timestamp, body, expected);
        // Constant time, so response timing does not reveal how many leading bytes of a forged signature were right.
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }

    static void ComputeHash(string secret, long timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }

    static bool TryParseTimestamp(string? header, out long timestamp)
    {
        // Digits only: no sign, spaces or exponent, so every accepted header has exactly one signed form.
        timestamp = 0;
        return !string.IsNullOrEmpty(header)
            && long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp);
    }

    static bool TryParseSignature(string? header, Span<byte> destination)
    {
        if (header is null || !header.StartsWith(SignaturePrefix, StringComparison.Ordinal))
            return false;
        var hex = header.AsSpan(SignaturePrefix.Length);
        return hex.Length == HashBytes * 2
            && Convert.FromHexString(hex, destination, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == HashBytes;
    }
}
