using ImageSaga.Users.Preferences;

namespace ImageSaga.Api.Users;

/// <summary>A user's preferences as the API returns them: the webhook secret is never sent back.</summary>
public sealed record PreferencesView(
    string UserId,
    IReadOnlyList<string> Interests,
    double MinimumConfidence,
    bool ShowFlaggedContent,
    IReadOnlyList<string> Channels,
    WebhookView? Webhook)
{
    public static PreferencesView From(string userId, UserPreferences preferences) => new(
        userId,
        preferences.Interests,
        preferences.MinimumConfidence,
        preferences.ShowFlaggedContent,
        preferences.Channels,
        preferences.Webhook is { } webhook ? new WebhookView(webhook.Url, !string.IsNullOrEmpty(webhook.Secret)) : null);
}

public sealed record WebhookView(string Url, bool SecretSet);
