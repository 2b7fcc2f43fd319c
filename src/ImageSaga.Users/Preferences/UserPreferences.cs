namespace ImageSaga.Users.Preferences;

/// <summary>
/// What a user wants from the analyses of their photos. Stored as one JSON document per user; an unknown user gets
/// <see cref="Defaults"/>. This is also the body of <c>GET/PUT /api/users/{id}/preferences</c>.
/// </summary>
public sealed record UserPreferences
{
    public static readonly UserPreferences Defaults = new();

    /// <summary>Labels to watch, e.g. <c>dog</c>, <c>elephant</c>; a match raises a notification's priority.</summary>
    public IReadOnlyList<string> Interests { get; init; } = [];

    /// <summary>Labels below this confidence (0..1) are left out of tags, firsts, streaks and interest matches.</summary>
    public double MinimumConfidence { get; init; } = 0.5;

    /// <summary>Whether notifications may show images that moderation flagged (thumbnail and description).</summary>
    public bool ShowFlaggedContent { get; init; }

    /// <summary>Where notifications go: <c>inbox</c> and/or <c>webhook</c> (see <see cref="NotificationChannels"/>).</summary>
    public IReadOnlyList<string> Channels { get; init; } = [NotificationChannels.Inbox];

    /// <summary>The webhook endpoint; required when <see cref="Channels"/> contains <c>webhook</c>.</summary>
    public WebhookSettings? Webhook { get; init; }
}
