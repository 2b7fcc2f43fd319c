using System.Security.Claims;
using ImageSaga.Api.Access;
using ImageSaga.Api.Limits;
using ImageSaga.Api.Users;
using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Persistence;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageSaga.Api.Images;

public static class ImageEndpoints
{
    public static IEndpointRouteBuilder MapImageEndpoints(this IEndpointRouteBuilder app)
    {
        var images = app.MapGroup("/api/images").WithTags("Images").RequireAuthorization();
        images.MapPost("/", UploadAsync).DisableAntiforgery().RequireRateLimiting(UploadRateLimiting.Policy);
        images.MapGet("/{imageId:guid}", GetStatusAsync).WithName("GetImageAnalysis");
        images.MapGet("/{imageId:guid}/history", GetHistoryAsync);
        images.MapGet("/", ImageOperations.ListAsync);
        images.MapPost("/{imageId:guid}/cancel", ImageOperations.CancelAsync);
        images.MapPost("/{imageId:guid}/redrive", ImageOperations.RedriveAsync);
        return app;
    }

    /// <summary>
    /// Accepts a photo, checks what can be checked from its header (format, size, pixel count) so that obvious bad
    /// input is refused here with problem details, stores it under a claim-check key and publishes ImageUploaded.
    /// </summary>
    static async Task<IResult> UploadAsync(HttpRequest request, ClaimsPrincipal caller, IImageStore store, IPublishEndpoint publisher,
        IOptions<ImageLimitsOptions> limitsOptions, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
            return Problem(StatusCodes.Status400BadRequest, "invalid-request", "Send the photo as multipart/form-data in a field named 'file'.");

        var form = await request.ReadFormAsync(cancellationToken);
        var file = form.Files.GetFile("file");
        if (file is null)
            return Problem(StatusCodes.Status400BadRequest, "invalid-request", "The multipart field 'file' is missing.");

        var userId = form["userId"].FirstOrDefault() ?? caller.UserId();
        if (!UserIds.IsValid(userId))
            return Problem(StatusCodes.Status400BadRequest, "invalid-request", UserIds.Rule);
        if (!caller.MaySee(userId))
            return Problem(StatusCodes.Status403Forbidden, "forbidden", "A key uploads for its own user; only an admin key names another.");

        var (checkedUpload, problem) = await UploadIntake.CheckAsync(file, limitsOptions.Value, cancellationToken);
        if (problem is not null)
            return problem;

        var uploaded = await UploadIntake.StoreAsync(checkedUpload!, userId, store, clock.GetUtcNow(), cancellationToken);
        await publisher.Publish(uploaded, cancellationToken);

        var statusUrl = $"/api/images/{uploaded.ImageId}";
        return TypedResults.Accepted(statusUrl, new UploadAccepted(uploaded.ImageId, statusUrl, $"{statusUrl}/history", uploaded.Sha256, uploaded.Length));
    }

    static async Task<Results<Ok<ImageAnalysisStatus>, ProblemHttpResult>> GetStatusAsync(Guid imageId, ClaimsPrincipal caller,
        IImageSagaDbContextFactory dbFactory, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var saga = await db.ImageAnalyses.AsNoTracking().SingleOrDefaultAsync(s => s.CorrelationId == imageId, cancellationToken);
        return saga is null || !caller.MaySee(saga.UserId)
            ? NotFound(imageId)
            : TypedResults.Ok(ImageAnalysisStatus.From(saga));
    }

    static async Task<Results<Ok<List<ExecutionHistoryEntry>>, ProblemHttpResult>> GetHistoryAsync(Guid imageId, ClaimsPrincipal caller,
        IImageSagaDbContextFactory dbFactory, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var owner = await db.ImageAnalyses.AsNoTracking().Where(s => s.CorrelationId == imageId).Select(s => s.UserId).SingleOrDefaultAsync(cancellationToken);
        if (owner is null || !caller.MaySee(owner))
            return NotFound(imageId);
        var entries = await db.ExecutionHistory.AsNoTracking()
            .Where(entry => entry.SagaId == imageId)
            .OrderBy(entry => entry.Sequence)
            .ToListAsync(cancellationToken);
        return entries.Count == 0 ? NotFound(imageId) : TypedResults.Ok(entries);
    }

    static ProblemHttpResult NotFound(Guid imageId) => Problem(StatusCodes.Status404NotFound, "not-found",
        $"No analysis for image {imageId} (yet: a saga appears a moment after its upload is accepted).");

    static ProblemHttpResult Problem(int status, string reasonCode, string detail) => ApiProblems.Problem(status, reasonCode, detail);
}
