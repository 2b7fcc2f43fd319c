using System.Globalization;
using System.Threading.RateLimiting;
using ImageSaga.Api.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageSaga.Api.Limits;

/// <summary>The <c>uploads</c> rate-limit policy: a token bucket per user; over it, 429 problem details with <c>Retry-After</c>.</summary>
public static class UploadRateLimiting
{
    public const string Policy = "uploads";

    public static IHostApplicationBuilder AddUploadRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<UploadRateLimitOptions>().Bind(builder.Configuration.GetSection(UploadRateLimitOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(UploadRateLimitOptions.Section).Get<UploadRateLimitOptions>() ?? new UploadRateLimitOptions();
        builder.Services.AddRateLimiter(limiter =>
        {
            // Partitioned by the authenticated user, so one user's burst never spends another's allowance.
            limiter.AddPolicy(Policy, context => RateLimitPartition.GetTokenBucketLimiter(context.User.UserId(), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.Burst,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1) / options.PermitsPerMinute,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ApiProblems.Problem(StatusCodes.Status429TooManyRequests, "rate-limited",
                        $"Uploads are limited to {options.PermitsPerMinute} a minute per user (bursts of {options.Burst}); try again in {retryAfter.TotalSeconds:0.#} s.")
                    .ExecuteAsync(rejected.HttpContext);
            };
        });
        return builder;
    }
}
