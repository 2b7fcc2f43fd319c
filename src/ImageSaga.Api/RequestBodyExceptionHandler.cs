using ImageSaga.Contracts;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace ImageSaga.Api;

/// <summary>
/// A request body the server refuses while reading it (over the size limit, malformed multipart) is the client's
/// mistake, not a server error: it gets a 413 or 400 problem with a reason code instead of a 500.
/// </summary>
public sealed class RequestBodyExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } tooLarge =>
                ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, AnalysisFailureReasons.TooLarge, tooLarge.Message),
            BadHttpRequestException bad => ApiProblems.Problem(bad.StatusCode, "invalid-request", bad.Message),
            // The multipart reader's own limits (body length, header and value counts) surface as InvalidDataException.
            InvalidDataException invalid when invalid.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) =>
                ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, AnalysisFailureReasons.TooLarge, invalid.Message),
            InvalidDataException invalid => ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-request", invalid.Message),
            _ => null,
        };
        if (problem is null || httpContext.Response.HasStarted)
            return false;

        await problem.ExecuteAsync(httpContext);
        return true;
    }
}
