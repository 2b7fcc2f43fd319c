using System.Globalization;

namespace ImageSaga.Enrichment.Insights;

/// <summary>The part of the day a photo was taken in, from the camera's local clock.</summary>
internal static class TimeOfDay
{
    // The metadata step writes ISO 8601 without an offset; raw EXIF spelling is accepted too, in case a producer skips it.
    private static readonly string[] Formats = ["yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy:MM:dd HH:mm:ss"];

    /// <summary>
    /// "morning" (5–11), "afternoon" (12–16), "evening" (17–20) or "night"; null when the time is absent or unreadable.
    /// The local clock is what matters here (evening is evening wherever the photo was taken), so DateTimeOriginal is
    /// used rather than the UTC instant.
    /// </summary>
    public static string? FromDateTimeOriginal(string? dateTimeOriginal)
    {
        if (string.IsNullOrWhiteSpace(dateTimeOriginal)
            || !DateTime.TryParseExact(dateTimeOriginal.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return null;

        return local.Hour switch
        {
            >= 5 and <= 11 => "morning",
            >= 12 and <= 16 => "afternoon",
            >= 17 and <= 20 => "evening",
            _ => "night",
        };
    }
}
