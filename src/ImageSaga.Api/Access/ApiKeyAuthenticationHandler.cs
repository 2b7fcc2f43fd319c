using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using ImageSaga.Api.Users;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.Users.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSaga.Api.Access;

/// <summary>
/// Authenticates <c>X-Api-Key</c> (or <c>Authorization: Bearer</c>) against the stored, hashed keys and the
/// configured admin key. Without a key, the request acts as the local user only where <see cref="ApiAccessOptions"/>
/// allows it; otherwise it is 401. Auth is never silently off: the host logs which mode it runs in.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    LocalAccess local,
    IOptions<ApiAccessOptions> access) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented();
        if (presented is null)
        {
            return local.Allowed
                ? Success(UserIds.Default, ApiRoles.All, "local")
                : AuthenticateResult.NoResult();
        }

        if (access.Value.AdminKey is { Length: >= 16 } adminKey &&
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(adminKey), Encoding.UTF8.GetBytes(presented)))
            return Success("admin", ApiRoles.All, "admin-key");

        var key = await keys.VerifyAsync(presented, Context.RequestAborted);
        return key is null
            ? AuthenticateResult.Fail("The API key is not valid.")
            : Success(key.UserId, key.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries), key.KeyId);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "unauthorized",
            $"Send an API key in the {ApiAccess.HeaderName} header (create one with the CLI or POST /api/keys as an admin).");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "forbidden", "This key's roles do not allow that.");

    string? Presented()
    {
        if (Request.Headers.TryGetValue(ApiAccess.HeaderName, out var header) && header.ToString() is { Length: > 0 } value)
            return value.Trim();
        var authorization = Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    AuthenticateResult Success(string userId, IEnumerable<string> roles, string keyId)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, userId), new("key", keyId) };
        claims.AddRange(roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name)), Scheme.Name));
    }

    async Task WriteProblemAsync(int status, string reasonCode, string detail)
    {
        Response.StatusCode = status;
        await Response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["type"] = $"https://imagesaga.dev/problems/{reasonCode}",
            ["title"] = reasonCode,
            ["status"] = status,
            ["detail"] = detail,
            ["reasonCode"] = reasonCode,
        }, options: null, contentType: "application/problem+json");
    }
}

/// <summary>
/// Decides once whether keyless requests may act as the local user: only when configured so, or (by default) on the
/// in-memory transport with every listening address on loopback.
/// </summary>
public sealed class LocalAccess(IOptions<ApiAccessOptions> access, IOptions<BusOptions> bus, IServer server, ILogger<LocalAccess> logger)
{
    readonly Lazy<bool> _allowed = new(() =>
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var loopbackOnly = addresses.Count > 0 && addresses.All(IsLoopback);
        var allowed = access.Value.AllowLocalWithoutKey ?? (bus.Value.Transport == BusTransport.InMemory && loopbackOnly);
        if (allowed)
            logger.LogWarning("API: requests without an API key act as the local user '{User}' (embedded configuration on {Addresses})",
                UserIds.Default, string.Join(", ", addresses));
        else
            logger.LogInformation("API: every request needs an API key; listening on {Addresses}", string.Join(", ", addresses));
        return allowed;
    });

    public bool Allowed => _allowed.Value;

    static bool IsLoopback(string address) =>
        Uri.TryCreate(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal),
            UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Host is "127.0.0.1" or "[::1]" or "localhost");
}
