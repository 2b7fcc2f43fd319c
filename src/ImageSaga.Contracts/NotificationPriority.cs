using System.Text.Json.Serialization;

namespace ImageSaga.Contracts;

/// <summary>How urgently a notification should reach its user.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationPriority>))]
public enum NotificationPriority
{
    /// <summary>Routine.</summary>
    Normal,

    /// <summary>Matches one of the user's interests.</summary>
    High,
}
