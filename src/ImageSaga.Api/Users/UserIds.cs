using System.Text.RegularExpressions;

namespace ImageSaga.Api.Users;

/// <summary>What a user id may look like, wherever the API accepts one.</summary>
public static partial class UserIds
{
    public const string Default = "local";

    public const string Rule = "A user id is 1-128 letters, digits, '.', '_', '@' or '-'.";

    public static bool IsValid(string? userId) => userId is not null && Pattern().IsMatch(userId);

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,128}$")]
    private static partial Regex Pattern();
}
