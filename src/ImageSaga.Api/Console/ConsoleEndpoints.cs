using System.Security.Claims;
using ImageSaga.Api.Access;
using ImageSaga.Imaging;
using ImageSaga.Orchestrator.Persistence;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using ImageSaga.Users.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageSaga.Api.Console;

/// <summary>
/// What the web console needs beyond the rest of the API: who the caller is, the state machine's shape, an image's
/// thumbnail, and the queues. Access rules as everywhere: a user sees only their own images (404 for others').
/// </summary>
public static class ConsoleEndpoints
{
    public static IEndpointRouteBuilder MapConsoleEndpoints(this IEndpointRouteBuilder app, QueueMonitor queues)
    {
        app.MapGet("/api/me", GetCaller).WithTags("Console").RequireAuthorization();
        app.MapGet("/api/statemachine", () => TypedResults.Ok(StateMachineDescription.ImageAnalysis)).WithTags("Console").RequireAuthorization();
        app.MapGet("/api/images/{imageId:guid}/thumbnail", GetThumbnailAsync).WithTags("Images").RequireAuthorization()
            .Produces(StatusCodes.Status200OK, contentType: Thumbnails.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        // Admins only: depths and rates are every user's traffic, and the answer names the broker's management address.
        app.MapGet("/api/system/queues", (CancellationToken cancellationToken) => GetQueuesAsync(queues, cancellationToken))
            .WithTags("Console").RequireAuthorization(ApiAccess.AdminPolicy);
        return app;
    }

    static Ok<CallerView> GetCaller(ClaimsPrincipal caller) => TypedResults.Ok(new CallerView(
        caller.UserId(),
        caller.FindAll(ClaimTypes.Role).Select(role => role.Value).ToList(),
        Keyless: caller.FindFirst("key")?.Value == "local"));

    /// <summary>
    /// The stored 256-px thumbnail, or the original scaled down while there is none. The owner and admins may see it,
    /// and so may a reviewer while the image waits for review: deciding needs the picture.
    /// </summary>
    static async Task<IResult> GetThumbnailAsync(Guid imageId, ClaimsPrincipal caller, IImageSagaDbContextFactory dbFactory, IImageStore store,
        IOptions<ImageLimitsOptions> limits, HttpResponse response, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var saga = await db.ImageAnalyses.AsNoTracking().Where(s => s.CorrelationId == imageId)
            .Select(s => new { s.UserId, s.CurrentState, s.StorageKey, s.Fingerprint })
            .SingleOrDefaultAsync(cancellationToken);
        if (saga is null || !(caller.MaySee(saga.UserId) || (saga.CurrentState == "AwaitingReview" && caller.IsInRole(ApiRoles.Reviewer))))
            return NotFound(imageId);

        response.Headers.XContentTypeOptions = "nosniff";
        if (await Thumbnails.OpenStoredAsync(store, saga.Fingerprint, cancellationToken) is { } stored)
        {
            // A thumbnail's key never holds other bytes (a redrive writes the same picture again).
            response.Headers.CacheControl = "private, max-age=86400";
            response.Headers[Thumbnails.SourceHeader] = "stored";
            return TypedResults.Stream(stored, Thumbnails.ContentType);
        }

        try
        {
            var scaled = await Thumbnails.FromOriginalAsync(store, saga.StorageKey, limits.Value, cancellationToken);
            // The stored thumbnail replaces this one as soon as the fingerprint step has run.
            response.Headers.CacheControl = "private, no-cache";
            response.Headers[Thumbnails.SourceHeader] = "original";
            return TypedResults.File(scaled, Thumbnails.ContentType);
        }
        catch (StoredImageNotFoundException)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "image-not-stored",
                $"Image {imageId} has no thumbnail and its original is no longer stored (a rejected image is quarantined or deleted).");
        }
        catch (ImageRejectedException rejected)
        {
            return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, rejected.ReasonCode, $"Image {imageId} cannot be shown: {rejected.Message}");
        }
    }

    static async Task<Results<Ok<QueueOverview>, ProblemHttpResult>> GetQueuesAsync(QueueMonitor queues, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await queues.ReadAsync(cancellationToken));
        }
        catch (ManagementApiException unavailable)
        {
            return ApiProblems.Problem(StatusCodes.Status502BadGateway, "management-unavailable", unavailable.Message);
        }
    }

    static ProblemHttpResult NotFound(Guid imageId) =>
        ApiProblems.Problem(StatusCodes.Status404NotFound, "not-found", $"No analysis for image {imageId}.");
}

/// <summary><c>GET /api/me</c>: the user the key acts as, its roles, and whether it is the keyless local user.</summary>
public sealed record CallerView(string UserId, IReadOnlyList<string> Roles, bool Keyless);
