using ImageSaga.Users.Preferences;

namespace ImageSaga.Enrichment.Insights;

/// <summary>Reads model scores and the user's threshold defensively: the results come over the wire.</summary>
internal static class Confidence
{
    /// <summary>
    /// A usable score: finite and not negative, capped at 1. NaN, infinities and negatives mean "no evidence"
    /// rather than an error, so one broken score cannot fail the whole enrichment.
    /// </summary>
    public static bool TryRead(float raw, out float score)
    {
        score = float.IsFinite(raw) && raw >= 0 ? Math.Min(raw, 1f) : 0f;
        return float.IsFinite(raw) && raw >= 0;
    }

    /// <summary>
    /// The user's minimum confidence as a float. Scores are floats, so comparing them with the double threshold would
    /// drop a 0.7f tag under a 0.7 threshold (0.7f is 0.69999999); converting the threshold once avoids that.
    /// A threshold outside 0..1 (the validator rejects it, older documents may not have been validated) falls back to
    /// the default.
    /// </summary>
    public static float MinimumFor(UserPreferences? preferences)
    {
        var minimum = preferences?.MinimumConfidence ?? UserPreferences.Defaults.MinimumConfidence;
        return double.IsFinite(minimum) && minimum is >= 0 and <= 1
            ? (float)minimum
            : (float)UserPreferences.Defaults.MinimumConfidence;
    }
}
