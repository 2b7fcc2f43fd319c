using System.ComponentModel.DataAnnotations;

namespace ImageSaga.Notifications.Webhooks;

/// <summary>How webhook deliveries are made and retried.</summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string Section = "ImageSaga:Notifications:Webhooks";

    /// <summary>The whole request, from DNS lookup to the status line and the error snippet.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Deliveries of one notification, the first included, before it is given up as failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>
    /// The delay before each retry: the first value before attempt 2, the second before attempt 3, and the last value
    /// before every later attempt. Empty means <see cref="DefaultRetryDelaysSeconds"/>; the defaults are not put here
    /// because the configuration binder appends a configured list to an existing one instead of replacing it.
    /// </summary>
    public List<int> RetryDelaysSeconds { get; set; } = [];

    public static IReadOnlyList<int> DefaultRetryDelaysSeconds { get; } = [5, 30, 120, 600, 3600];

    public IReadOnlyList<int> EffectiveRetryDelaysSeconds => RetryDelaysSeconds.Count > 0 ? RetryDelaysSeconds : DefaultRetryDelaysSeconds;

    /// <summary>
    /// Lets webhooks reach loopback, private, link-local and carrier-grade NAT addresses. For development and tests
    /// only: with it on, a user's webhook URL can reach anything the server can (SSRF).
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How much of an error response is read, for the detail shown to the user; the rest is discarded.</summary>
    [Range(0, 1024 * 1024)]
    public int MaxResponseBytesRead { get; set; } = 4096;

    [Required]
    public string UserAgent { get; set; } = "ImageSaga-Webhooks/1.0";

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>How long to wait before making <paramref name="attempt"/> (1-based); zero for the first.</summary>
    public TimeSpan DelayBeforeAttempt(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (attempt == 1)
            return TimeSpan.Zero;
        var delays = EffectiveRetryDelaysSeconds;
        return TimeSpan.FromSeconds(delays[Math.Min(attempt - 2, delays.Count - 1)]);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetryDelaysSeconds.Any(delay => delay is < 0 or > 7 * 24 * 3600))
            yield return new ValidationResult("Every retry delay must be between 0 and 604800 seconds (a week).", [nameof(RetryDelaysSeconds)]);
    }
}
