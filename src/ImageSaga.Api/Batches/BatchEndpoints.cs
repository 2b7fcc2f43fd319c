using System.Security.Claims;
using ImageSaga.Api.Access;
using ImageSaga.Api.Limits;
using ImageSaga.Api.Images;
using ImageSaga.Api.Users;
using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Persistence;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageSaga.Api.Batches;

/// <summary>
/// Several photos as one batch: every file is checked before any is stored (a batch is accepted whole or not at
/// all), then the batch coordinator starts them at most <c>maxInFlight</c> at a time.
/// </summary>
public static class BatchEndpoints
{
    public const int MaxFiles = 500;
    public const int DefaultMaxInFlight = 4;

    public static IEndpointRouteBuilder MapBatchEndpoints(this IEndpointRouteBuilder app)
    {
        var batches = app.MapGroup("/api/batches").WithTags("Batches").RequireAuthorization();
        // A batch may be larger than one upload; the request limits are raised for this endpoint only.
        var limits = app.ServiceProvider.GetRequiredService<IOptions<ImageLimitsOptions>>().Value;
        var maxRequest = limits.MaxBatchBytes + 64 * 1024;
        batches.MapPost("/", SubmitAsync).DisableAntiforgery().RequireRateLimiting(UploadRateLimiting.Policy)
            .WithMetadata(new RequestSizeLimitAttribute(maxRequest))
            .WithFormOptions(multipartBodyLengthLimit: maxRequest);
        batches.MapGet("/{batchId:guid}", GetAsync);
        return app;
    }

    static async Task<Results<Accepted<BatchAccepted>, ProblemHttpResult>> SubmitAsync(HttpRequest request, ClaimsPrincipal caller, IImageStore store, IPublishEndpoint bus,
        IOptions<ImageLimitsOptions> limits, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
            return Invalid("Send the photos as multipart/form-data, each in a field named 'files'.");
        var form = await request.ReadFormAsync(cancellationToken);
        var files = form.Files.GetFiles("files");
        if (files.Count == 0)
            return Invalid("The multipart fields 'files' are missing.");
        if (files.Count > MaxFiles)
            return Invalid($"At most {MaxFiles} files per batch; this one has {files.Count}.");

        var userId = form["userId"].FirstOrDefault() ?? caller.UserId();
        if (!UserIds.IsValid(userId))
            return Invalid(UserIds.Rule);
        if (!caller.MaySee(userId))
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "forbidden", "A key submits for its own user; only an admin key names another.");
        var maxInFlight = DefaultMaxInFlight;
        if (form["maxInFlight"].FirstOrDefault() is { } text && (!int.TryParse(text, out maxInFlight) || maxInFlight is < 1 or > 64))
            return Invalid("maxInFlight is a number from 1 to 64.");

        var accepted = new List<CheckedUpload>(files.Count);
        foreach (var file in files)
        {
            var (upload, problem) = await UploadIntake.CheckAsync(file, limits.Value, cancellationToken);
            if (problem is not null)
                return problem;
            accepted.Add(upload!);
        }

        var now = clock.GetUtcNow();
        var images = new List<ImageUploaded>(accepted.Count);
        foreach (var upload in accepted)
            images.Add(await UploadIntake.StoreAsync(upload, userId, store, now, cancellationToken));

        var batchId = Guid.NewGuid();
        await bus.Publish(new SubmitBatch { BatchId = batchId, UserId = userId, MaxInFlight = maxInFlight, Images = images }, cancellationToken);
        return TypedResults.Accepted($"/api/batches/{batchId}",
            new BatchAccepted(batchId, $"/api/batches/{batchId}", maxInFlight, images.Select(image => new BatchImage(image.ImageId, image.OriginalFileName, "Queued")).ToList()));
    }

    static async Task<Results<Ok<BatchStatus>, ProblemHttpResult>> GetAsync(Guid batchId, ClaimsPrincipal caller, IImageSagaDbContextFactory dbFactory,
        CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var batch = await db.Batches.AsNoTracking().SingleOrDefaultAsync(b => b.CorrelationId == batchId, cancellationToken);
        if (batch is null || !caller.MaySee(batch.UserId))
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "not-found", $"No batch {batchId} (yet: it appears a moment after it is accepted).");

        var started = await db.ImageAnalyses.AsNoTracking().Where(saga => saga.BatchId == batchId)
            .Select(saga => new BatchImage(saga.CorrelationId, saga.OriginalFileName, saga.CurrentState))
            .ToListAsync(cancellationToken);
        var images = started.Concat(batch.Queued.Where(queued => started.All(image => image.ImageId != queued.ImageId))
            .Select(queued => new BatchImage(queued.ImageId, queued.OriginalFileName, "Queued"))).ToList();
        return TypedResults.Ok(new BatchStatus(batch.CorrelationId, batch.UserId, batch.CurrentState, batch.Total, batch.MaxInFlight, batch.Queued.Count,
            batch.InFlight.Count, batch.PeakInFlight, batch.Completed, batch.Failed, batch.Stopped, batch.CreatedAt, batch.FinishedAt,
            images.GroupBy(image => image.State).ToDictionary(group => group.Key, group => group.Count()), images));
    }

    static ProblemHttpResult Invalid(string detail) => ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-request", detail);
}

/// <summary>The answer to an accepted batch.</summary>
public sealed record BatchAccepted(Guid BatchId, string StatusUrl, int MaxInFlight, IReadOnlyList<BatchImage> Images);

/// <summary>One image of a batch and its saga's state (<c>Queued</c> before the coordinator starts it).</summary>
public sealed record BatchImage(Guid ImageId, string FileName, string State);

/// <summary>A batch's progress: the coordinator's counters and every image's state.</summary>
public sealed record BatchStatus(
    Guid BatchId,
    string UserId,
    string State,
    int Total,
    int MaxInFlight,
    int Queued,
    int InFlight,
    int PeakInFlight,
    int Completed,
    int Failed,
    int Stopped,
    DateTime CreatedAt,
    DateTime? FinishedAt,
    IReadOnlyDictionary<string, int> CountsByState,
    IReadOnlyList<BatchImage> Images);
