namespace ImageSaga.Users.Access;

/// <summary>What a key may do beyond its own user's images.</summary>
public static class ApiRoles
{
    /// <summary>Its own images, preferences and notifications.</summary>
    public const string User = "user";

    /// <summary>Also decides pending reviews.</summary>
    public const string Reviewer = "reviewer";

    /// <summary>Everything, across users; creates keys.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [User, Reviewer, Admin];
}
