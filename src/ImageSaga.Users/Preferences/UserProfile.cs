namespace ImageSaga.Users.Preferences;

/// <summary>A user's stored preferences. Users are not registered anywhere else: the id is the one uploads carry.</summary>
public sealed class UserProfile
{
    public string UserId { get; set; } = "";

    public UserPreferences Preferences { get; set; } = UserPreferences.Defaults;

    public DateTime UpdatedAt { get; set; }
}
