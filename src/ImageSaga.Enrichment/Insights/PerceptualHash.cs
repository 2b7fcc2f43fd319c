using System.Globalization;
using System.Numerics;

namespace ImageSaga.Enrichment.Insights;

/// <summary>The fingerprint step's 64-bit perceptual hash, written as 16 hex digits.</summary>
internal static class PerceptualHash
{
    private const int HexDigits = 16;

    /// <summary>False for an empty or malformed hash: such an image cannot be compared by look, only by bytes.</summary>
    public static bool TryParse(string? text, out ulong hash)
    {
        hash = 0;
        var trimmed = text?.Trim();
        return trimmed is { Length: HexDigits }
            && trimmed.All(char.IsAsciiHexDigit)
            && ulong.TryParse(trimmed, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out hash);
    }

    /// <summary>How many of the 64 bits differ: 0 looks identical, about 32 is unrelated.</summary>
    public static int Distance(ulong first, ulong second) => BitOperations.PopCount(first ^ second);
}
