using System.Security.Claims;
using ImageSaga.Api.Access;
using ImageSaga.Api.Users;
using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Persistence;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace ImageSaga.Api.Reviews;

/// <summary>
/// Human review: the analyses that wait for a person, and the decision by task token. A token that is unknown,
/// already used or expired answers 404: it reveals nothing about which tokens exist.
/// </summary>
public static class ReviewEndpoints
{
    public static IEndpointRouteBuilder MapReviewEndpoints(this IEndpointRouteBuilder app)
    {
        var reviews = app.MapGroup("/api/reviews").WithTags("Reviews").RequireAuthorization(ApiAccess.ReviewerPolicy);
        reviews.MapGet("/", ListPendingAsync);
        reviews.MapPost("/{token}", DecideAsync);
        return app;
    }

    static async Task<Ok<List<PendingReview>>> ListPendingAsync(IImageSagaDbContextFactory dbFactory, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var pending = await db.ImageAnalyses.AsNoTracking()
            .Where(saga => saga.CurrentState == "AwaitingReview" && saga.ReviewToken != null)
            .OrderBy(saga => saga.ReviewDeadlineAt)
            .Take(500)
            .Select(saga => new PendingReview(saga.CorrelationId, saga.UserId, saga.OriginalFileName, saga.ReviewReason ?? "", saga.ReviewToken!,
                saga.ReviewDeadlineAt!.Value))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(pending);
    }

    static async Task<Results<Accepted<ReviewAccepted>, ProblemHttpResult>> DecideAsync(string token, ReviewDecisionRequest? request,
        ClaimsPrincipal caller, IImageSagaDbContextFactory dbFactory, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        var approved = request?.Decision?.Trim().ToLowerInvariant() switch
        {
            "approve" => true,
            "reject" => false,
            _ => (bool?)null,
        };
        if (approved is null)
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-request", "Send { \"decision\": \"approve\" | \"reject\" }.");
        if (token.Length is < 16 or > 64)
            return UnknownToken();

        await using var db = dbFactory.CreateDbContext();
        var imageId = await db.ImageAnalyses.AsNoTracking()
            .Where(saga => saga.ReviewToken == token && saga.CurrentState == "AwaitingReview")
            .Select(saga => (Guid?)saga.CorrelationId)
            .SingleOrDefaultAsync(cancellationToken);
        if (imageId is null)
            return UnknownToken();

        // The history names the reviewer's user; an admin key may name the person it acts for.
        var reviewer = caller.IsAdmin() && request!.Reviewer is { } who && UserIds.IsValid(who) ? who : caller.UserId();
        await bus.Publish(new SubmitReviewDecision
        {
            ImageId = imageId.Value, TaskToken = token, Approved = approved.Value, Reviewer = reviewer, Comment = request!.Comment,
        }, cancellationToken);
        return TypedResults.Accepted($"/api/images/{imageId}", new ReviewAccepted(imageId.Value, approved.Value ? "approve" : "reject", reviewer));
    }

    static ProblemHttpResult UnknownToken() => ApiProblems.Problem(StatusCodes.Status404NotFound, "unknown-task-token",
        "No review waits for this task token: it is unknown, already used, or its review timed out.");
}

/// <summary>One analysis waiting for a person, with the task token that decides it.</summary>
public sealed record PendingReview(Guid ImageId, string UserId, string OriginalFileName, string Reason, string TaskToken, DateTime ExpiresAt);

/// <summary>The body of <c>POST /api/reviews/{token}</c>.</summary>
public sealed record ReviewDecisionRequest(string? Decision, string? Reviewer, string? Comment);

/// <summary>The answer to an accepted decision: the saga applies it a moment later.</summary>
public sealed record ReviewAccepted(Guid ImageId, string Decision, string Reviewer);
