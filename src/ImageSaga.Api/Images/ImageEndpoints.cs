using System.Security.Cryptography;
using ImageSaga.Api.Users;
using ImageSaga.Contracts;
using ImageSaga.Metadata;
using ImageSaga.Imaging;
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
using Microsoft.Extensions.Options;

namespace ImageSaga.Api.Images;

public static class ImageEndpoints
{
    public static IEndpointRouteBuilder MapImageEndpoints(this IEndpointRouteBuilder app)
    {
        var images = app.MapGroup("/api/images").WithTags("Images");
        images.MapPost("/", UploadAsync).DisableAntiforgery();
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
    static async Task<IResult> UploadAsync(HttpRequest request, IImageStore store, IPublishEndpoint publisher,
        IOptions<ImageLimitsOptions> limitsOptions, TimeProvider clock, CancellationToken cancellationToken)
    {
        var limits = limitsOptions.Value;
        if (!request.HasFormContentType)
            return Problem(StatusCodes.Status400BadRequest, "invalid-request", "Send the photo as multipart/form-data in a field named 'file'.");

        var form = await request.ReadFormAsync(cancellationToken);
        var file = form.Files.GetFile("file");
        if (file is null)
            return Problem(StatusCodes.Status400BadRequest, "invalid-request", "The multipart field 'file' is missing.");
        if (file.Length == 0)
            return Problem(StatusCodes.Status400BadRequest, AnalysisFailureReasons.UnsupportedFormat, "The file is empty (0 bytes).");
        if (file.Length > limits.MaxImageBytes)
            return Problem(StatusCodes.Status413PayloadTooLarge, AnalysisFailureReasons.TooLarge,
                $"The file has {file.Length} bytes; the limit is {limits.MaxImageBytes}.");

        var userId = form["userId"].FirstOrDefault() ?? UserIds.Default;
        if (!UserIds.IsValid(userId))
            return Problem(StatusCodes.Status400BadRequest, "invalid-request", UserIds.Rule);

        var bytes = new byte[file.Length];
        await using (var upload = file.OpenReadStream())
            await upload.ReadExactlyAsync(bytes, cancellationToken);

        string extension;
        try
        {
            ImageInspector.Identify(bytes, limits.ToImageLimits(), out var format);
            extension = format.FileExtensions.FirstOrDefault() ?? "";
        }
        catch (ImageRejectedException rejected)
        {
            var status = rejected.ReasonCode switch
            {
                AnalysisFailureReasons.TooLarge => StatusCodes.Status413PayloadTooLarge,
                AnalysisFailureReasons.UnsupportedFormat => StatusCodes.Status415UnsupportedMediaType,
                _ => StatusCodes.Status422UnprocessableEntity,
            };
            return Problem(status, rejected.ReasonCode, rejected.Message);
        }

        var imageId = Guid.NewGuid();
        var key = StorageKey.ForOriginal(imageId, extension);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        using (var content = new MemoryStream(bytes, writable: false))
            await store.WriteAsync(key, content, cancellationToken);

        await publisher.Publish(new ImageUploaded
        {
            ImageId = imageId,
            UserId = userId,
            StorageKey = key,
            Sha256 = sha256,
            ContentType = file.ContentType is { Length: > 0 and <= 128 } contentType ? contentType : "application/octet-stream",
            Length = bytes.Length,
            OriginalFileName = SafeFileName(file.FileName),
            UploadedAt = clock.GetUtcNow(),
        }, cancellationToken);

        var statusUrl = $"/api/images/{imageId}";
        return TypedResults.Accepted(statusUrl, new UploadAccepted(imageId, statusUrl, $"{statusUrl}/history", sha256, bytes.Length));
    }

    static async Task<Results<Ok<ImageAnalysisStatus>, ProblemHttpResult>> GetStatusAsync(Guid imageId, IImageSagaDbContextFactory dbFactory,
        CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var saga = await db.ImageAnalyses.AsNoTracking().SingleOrDefaultAsync(s => s.CorrelationId == imageId, cancellationToken);
        return saga is null
            ? NotFound(imageId)
            : TypedResults.Ok(ImageAnalysisStatus.From(saga));
    }

    static async Task<Results<Ok<List<ExecutionHistoryEntry>>, ProblemHttpResult>> GetHistoryAsync(Guid imageId,
        IImageSagaDbContextFactory dbFactory, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateDbContext();
        var entries = await db.ExecutionHistory.AsNoTracking()
            .Where(entry => entry.SagaId == imageId)
            .OrderBy(entry => entry.Sequence)
            .ToListAsync(cancellationToken);
        return entries.Count == 0 ? NotFound(imageId) : TypedResults.Ok(entries);
    }

    static ProblemHttpResult NotFound(Guid imageId) => Problem(StatusCodes.Status404NotFound, "not-found",
        $"No analysis for image {imageId} (yet: a saga appears a moment after its upload is accepted).");

    static ProblemHttpResult Problem(int status, string reasonCode, string detail) => ApiProblems.Problem(status, reasonCode, detail);

    static string SafeFileName(string? name)
    {
        var file = Path.GetFileName(name ?? "");
        return file.Length > 200 ? file[..200] : file;
    }
}
