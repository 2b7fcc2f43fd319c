namespace ImageSaga.Users.Preferences;

/// <summary>
/// Checks preferences before they are stored. Returns the problems per field (the API answers 400 with them as
/// validation problem details); an empty result means valid.
/// </summary>
public static class UserPreferencesValidator
{
    public const int MaxInterests = 100;
    public const int MaxInterestLength = 64;
    public const int MinSecretLength = 16;

    public static Dictionary<string, string[]> Validate(UserPreferences? preferences)
    {
        var errors = new Dictionary<string, string[]>();
        if (preferences is null)
        {
            errors["body"] = ["A JSON preferences document is required."];
            return errors;
        }

        var interests = preferences.Interests ?? [];
        if (interests.Count > MaxInterests)
            errors["interests"] = [$"At most {MaxInterests} interests."];
        else if (interests.Any(interest => string.IsNullOrWhiteSpace(interest) || interest.Trim().Length > MaxInterestLength))
            errors["interests"] = [$"Each interest is a label of 1 to {MaxInterestLength} characters."];

        if (double.IsNaN(preferences.MinimumConfidence) || preferences.MinimumConfidence is < 0 or > 1)
            errors["minimumConfidence"] = ["Between 0 and 1."];

        var channels = preferences.Channels ?? [];
        var unknown = channels.Where(channel => !NotificationChannels.All.Contains(channel, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
            errors["channels"] = [$"Unknown channel(s) {string.Join(", ", unknown)}; known: {string.Join(", ", NotificationChannels.All)}."];

        var wantsWebhook = channels.Contains(NotificationChannels.Webhook, StringComparer.OrdinalIgnoreCase);
        if (wantsWebhook && preferences.Webhook is null)
            errors["webhook"] = ["The webhook channel needs a webhook: { url, secret }."];
        if (preferences.Webhook is { } webhook)
        {
            if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                errors["webhook.url"] = ["An absolute http or https URL."];
            else if (!string.IsNullOrEmpty(url.UserInfo))
                errors["webhook.url"] = ["Credentials do not belong in the URL; the signature authenticates deliveries."];
            if (string.IsNullOrEmpty(webhook.Secret) || webhook.Secret.Length < MinSecretLength)
                errors["webhook.secret"] = [$"At least {MinSecretLength} characters."];
        }

        return errors;
    }

    /// <summary>Trims and de-duplicates interests and channels, so matching and storage see one spelling each.</summary>
    public static UserPreferences Normalize(UserPreferences preferences) => preferences with
    {
        Interests = (preferences.Interests ?? []).Select(interest => interest.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
        Channels = (preferences.Channels ?? []).Select(channel => channel.Trim().ToLowerInvariant()).Distinct().ToList(),
    };
}
