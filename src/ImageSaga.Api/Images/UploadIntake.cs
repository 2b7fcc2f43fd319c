using System.Security.Cryptography;
using ImageSaga.Contracts;
using ImageSaga.Imaging;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ImageSaga.Api.Images;

/// <summary>
/// An uploaded file that passed the checks: where to read it again (the form spools large files to disk), its hash,
/// and the extension its sniffed format stores under. Its bytes are not kept, so a batch holds one file in memory at a time.
/// </summary>
public sealed record CheckedUpload(string FileName, string ContentType, IFormFile Source, string Sha256, string Extension);

/// <summary>
/// What a single upload and a batch share: check what can be checked from the header (size, format, pixel count) so
/// that obvious bad input is refused with problem details before anything is stored, then store under a claim-check
/// key and describe the upload as the <see cref="ImageUploaded"/> that starts its saga.
/// </summary>
public static class UploadIntake
{
    public static async Task<(CheckedUpload? Upload, ProblemHttpResult? Problem)> CheckAsync(IFormFile file, ImageLimitsOptions limits,
        CancellationToken cancellationToken)
    {
        if (file.Length == 0)
            return (null, ApiProblems.Problem(StatusCodes.Status400BadRequest, AnalysisFailureReasons.UnsupportedFormat, $"{file.FileName}: the file is empty (0 bytes)."));
        if (file.Length > limits.MaxImageBytes)
            return (null, ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, AnalysisFailureReasons.TooLarge,
                $"{file.FileName}: the file has {file.Length} bytes; the limit is {limits.MaxImageBytes}."));

        var bytes = new byte[file.Length];
        await using (var upload = file.OpenReadStream())
            await upload.ReadExactlyAsync(bytes, cancellationToken);

        try
        {
            ImageInspector.Identify(bytes, limits.ToImageLimits(), out var format);
            var contentType = file.ContentType is { Length: > 0 and <= 128 } declared ? declared : "application/octet-stream";
            return (new CheckedUpload(SafeFileName(file.FileName), contentType, file, Convert.ToHexStringLower(SHA256.HashData(bytes)),
                format.FileExtensions.FirstOrDefault() ?? ""), null);
        }
        catch (ImageRejectedException rejected)
        {
            var status = rejected.ReasonCode switch
            {
                AnalysisFailureReasons.TooLarge => StatusCodes.Status413PayloadTooLarge,
                AnalysisFailureReasons.UnsupportedFormat => StatusCodes.Status415UnsupportedMediaType,
                _ => StatusCodes.Status422UnprocessableEntity,
            };
            return (null, ApiProblems.Problem(status, rejected.ReasonCode, $"{file.FileName}: {rejected.Message}"));
        }
    }

    public static async Task<ImageUploaded> StoreAsync(CheckedUpload upload, string userId, IImageStore store, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var imageId = Guid.NewGuid();
        var key = StorageKey.ForOriginal(imageId, upload.Extension);
        await using (var content = upload.Source.OpenReadStream())
            await store.WriteAsync(key, content, cancellationToken);

        return new ImageUploaded
        {
            ImageId = imageId,
            UserId = userId,
            StorageKey = key,
            Sha256 = upload.Sha256,
            ContentType = upload.ContentType,
            Length = upload.Source.Length,
            OriginalFileName = upload.FileName,
            UploadedAt = now,
        };
    }

    static string SafeFileName(string? name)
    {
        var file = Path.GetFileName(name ?? "");
        return file.Length > 200 ? file[..200] : file;
    }
}
