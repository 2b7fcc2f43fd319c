using System.Security.Claims;
using ImageSaga.Api.Access;
using ImageSaga.Api.Users;
using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Persistence;
using ImageSaga.Orchestrator.Steps;
using MassTransit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageSaga.Api.Images;

/// <summary>
/// List, cancel and redrive. Cancel and redrive check the saga's state first so that the caller gets a clear answer
/// (404, 409), then send the command to the saga, which checks again: the saga is the authority, the check here is
/// for the response.
/// </summary>
public static class ImageOperations
{
    public static async Task<Results<Ok<ImageListPage>, ProblemHttpResult>> ListAsync(ClaimsPrincipal caller, IImageSagaDbContextFactory dbFactory, string? state,
        string? userId, string? label, DateTime? from, DateTime? to, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > ImageListQuery.MaxLimit)
            return Invalid($"limit is between 1 and {ImageListQuery.MaxLimit}.");
        if (userId is not null && !UserIds.IsValid(userId))
            return Invalid(UserIds.Rule);
        (DateTime, Guid)? after = null;
        if (cursor is not null && (after = ImageListQuery.DecodeCursor(cursor)) is null)
            return Invalid("The cursor is not one this API issued; use nextCursor from the previous page.");

        // A key lists its own user's images; an admin key lists anyone's (all, without a userId).
        var owner = caller.IsAdmin() ? Blank(userId) : caller.UserId();
        var filter = new ImageListFilter(Blank(state), owner, Blank(label)?.ToLowerInvariant(), from?.ToUniversalTime(), to?.ToUniversalTime());
        return TypedResults.Ok(await ImageListQuery.RunAsync(dbFactory, filter, after, limit ?? ImageListQuery.DefaultLimit, cancellationToken));
    }

    public static async Task<Results<Accepted<OperationAccepted>, ProblemHttpResult>> CancelAsync(Guid imageId, OperationRequest? request,
        ClaimsPrincipal caller, IImageSagaDbContextFactory dbFactory, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var saga = await db.ImageAnalyses.AsNoTracking().Where(s => s.CorrelationId == imageId)
            .Select(s => new { s.CurrentState, s.UserId })
            .SingleOrDefaultAsync(cancellationToken);
        if (saga is null || !caller.MaySee(saga.UserId))
            return NotFound(imageId);
        var state = saga.CurrentState;
        if (state is not ("Analyzing" or "Enriching" or "AwaitingReview"))
            return Conflict("not-running", $"Image {imageId} is {state}; only a running analysis can be cancelled.");

        var requestedBy = RequestedBy(caller, request);
        await bus.Publish(new CancelImageAnalysis { ImageId = imageId, RequestedBy = requestedBy, Reason = request?.Reason }, cancellationToken);
        return TypedResults.Accepted($"/api/images/{imageId}", new OperationAccepted(imageId, "cancel", requestedBy));
    }

    public static async Task<Results<Accepted<OperationAccepted>, ProblemHttpResult>> RedriveAsync(Guid imageId, OperationRequest? request,
        ClaimsPrincipal caller, IImageSagaDbContextFactory dbFactory, IPublishEndpoint bus, IOptions<AnalysisOptions> options, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var saga = await db.ImageAnalyses.AsNoTracking().Where(s => s.CorrelationId == imageId)
            .Select(s => new { s.CurrentState, s.RedriveCount, s.UserId })
            .SingleOrDefaultAsync(cancellationToken);
        if (saga is null || !caller.MaySee(saga.UserId))
            return NotFound(imageId);
        if (saga.CurrentState != "Failed")
            return Conflict("not-failed", $"Image {imageId} is {saga.CurrentState}; only a failed analysis can be redriven.");
        if (saga.RedriveCount >= options.Value.MaxRedrives)
            return Conflict("redrive-limit", $"Image {imageId} was already redriven {saga.RedriveCount} times (the limit is {options.Value.MaxRedrives}).");

        var requestedBy = RequestedBy(caller, request);
        await bus.Publish(new RedriveImageAnalysis { ImageId = imageId, RequestedBy = requestedBy }, cancellationToken);
        return TypedResults.Accepted($"/api/images/{imageId}", new OperationAccepted(imageId, "redrive", requestedBy));
    }

    // The history records the caller's user; an admin key may name on whose behalf it acts.
    static string RequestedBy(ClaimsPrincipal caller, OperationRequest? request) =>
        caller.IsAdmin() && request?.RequestedBy is { } who && UserIds.IsValid(who) ? who : caller.UserId();

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    static ProblemHttpResult Invalid(string detail) => ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-request", detail);

    static ProblemHttpResult Conflict(string reasonCode, string detail) => ApiProblems.Problem(StatusCodes.Status409Conflict, reasonCode, detail);

    static ProblemHttpResult NotFound(Guid imageId) => ApiProblems.Problem(StatusCodes.Status404NotFound, "not-found", $"No analysis for image {imageId}.");
}

/// <summary>The optional body of cancel and redrive.</summary>
public sealed record OperationRequest(string? RequestedBy, string? Reason);

/// <summary>The answer to an accepted operation: the saga carries it out a moment later.</summary>
public sealed record OperationAccepted(Guid ImageId, string Operation, string RequestedBy);
