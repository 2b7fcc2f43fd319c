namespace ImageSaga.Users.Preferences;

/// <summary>The channels a notification can be delivered through.</summary>
public static class NotificationChannels
{
    /// <summary>Stored notifications, listed by the API and pushed to its Server-Sent Events stream.</summary>
    public const string Inbox = "inbox";

    /// <summary>A signed JSON POST to the user's URL.</summary>
    public const string Webhook = "webhook";

    public static readonly IReadOnlyList<string> All = [Inbox, Webhook];
}
