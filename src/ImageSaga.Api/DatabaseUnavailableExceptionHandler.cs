using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ImageSaga.Api;

/// <summary>
/// A database error its provider calls transient (the server restarting, a connection the network or an outage cut,
/// a timeout) is not a bug in the request: it gets a 503 problem with <c>database-unavailable</c> and a Retry-After,
/// which clients and load balancers know to retry, instead of a 500. Right after an outage the first requests land on
/// pooled connections the outage closed; each such connection fails once and is dropped from the pool.
/// </summary>
public sealed class DatabaseUnavailableExceptionHandler(ILogger<DatabaseUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public const string ReasonCode = "database-unavailable";

    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Transient(exception) is not { } cause || httpContext.Response.HasStarted)
            return false;

        logger.LogWarning("Answered {Method} {Path} with 503: the database is unavailable ({Error})",
            httpContext.Request.Method, httpContext.Request.Path, cause.Message);
        httpContext.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, ReasonCode,
            "The database is unavailable for the moment; retry the request.").ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>The transient database error in <paramref name="exception"/>'s chain (EF Core wraps the provider's).</summary>
    static DbException? Transient(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is DbException { IsTransient: true } transient)
                return transient;
        }

        return null;
    }
}
