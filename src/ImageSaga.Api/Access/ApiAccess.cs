using System.Security.Claims;
using ImageSaga.Users.Access;

namespace ImageSaga.Api.Access;

/// <summary>The caller as the endpoints see it: whose data they may touch.</summary>
public static class ApiAccess
{
    public const string Scheme = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string ReviewerPolicy = "reviewer";
    public const string AdminPolicy = "admin";

    /// <summary>The user the request acts as.</summary>
    public static string UserId(this ClaimsPrincipal caller) => caller.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    public static bool IsAdmin(this ClaimsPrincipal caller) => caller.IsInRole(ApiRoles.Admin);

    /// <summary>
    /// Whether the caller may see <paramref name="ownerId"/>'s data. When not, endpoints answer 404, exactly as for
    /// something that does not exist, so that ids cannot be probed.
    /// </summary>
    public static bool MaySee(this ClaimsPrincipal caller, string ownerId) =>
        caller.IsAdmin() || string.Equals(caller.UserId(), ownerId, StringComparison.Ordinal);
}
