using ImageSaga.Api.Users;
using ImageSaga.Users.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ImageSaga.Api.Access;

/// <summary><c>POST /api/keys</c>: an admin creates a key for a user; the full key is in the answer, once.</summary>
public static class KeyEndpoints
{
    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/keys", CreateAsync).WithTags("Access").RequireAuthorization(ApiAccess.AdminPolicy);
        return app;
    }

    static async Task<Results<Created<CreatedKey>, ProblemHttpResult>> CreateAsync(KeyRequest request, ApiKeyStore keys, CancellationToken cancellationToken)
    {
        if (!UserIds.IsValid(request.UserId))
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-request", UserIds.Rule);
        var roles = (request.Roles is { Count: > 0 } asked ? asked : [ApiRoles.User]).Select(role => role.Trim().ToLowerInvariant()).ToList();
        if (roles.Except(ApiRoles.All).ToList() is { Count: > 0 } unknown)
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-request",
                $"Unknown role(s) {string.Join(", ", unknown)}; known: {string.Join(", ", ApiRoles.All)}.");

        var (key, secret) = await keys.CreateAsync(request.UserId!, roles, request.Name ?? "", cancellationToken);
        return TypedResults.Created($"/api/keys/{key.KeyId}", new CreatedKey(key.KeyId, key.UserId, roles, secret));
    }
}

public sealed record KeyRequest(string? UserId, IReadOnlyList<string>? Roles, string? Name);

/// <summary>The new key; <see cref="Key"/> is shown only here.</summary>
public sealed record CreatedKey(string KeyId, string UserId, IReadOnlyList<string> Roles, string Key);
