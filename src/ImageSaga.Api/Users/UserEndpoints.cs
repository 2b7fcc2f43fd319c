using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Security.Claims;
using ImageSaga.Api.Access;
using ImageSaga.Contracts;
using ImageSaga.Users.Notifications;
using ImageSaga.Users.Preferences;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ImageSaga.Api.Users;

public static class UserEndpoints
{
    /// <summary>How long an idle stream waits before sending a <c>ping</c> event, so proxies keep it open.</summary>
    public static readonly TimeSpan StreamKeepAlive = TimeSpan.FromSeconds(15);

    static readonly JsonSerializerOptions PreferencesJson = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users/{userId}").WithTags("Users").RequireAuthorization();
        users.MapGet("/preferences", GetPreferencesAsync);
        users.MapPut("/preferences", PutPreferencesAsync);
        users.MapGet("/notifications", ListNotificationsAsync);
        users.MapGet("/notifications/stream", StreamNotifications);
        return app;
    }

    /// <summary>An unknown user has the default preferences: users exist as soon as an upload names them.</summary>
    static async Task<Results<Ok<PreferencesView>, ProblemHttpResult>> GetPreferencesAsync(string userId, ClaimsPrincipal caller,
        UserPreferencesStore store, CancellationToken cancellationToken)
    {
        if (!UserIds.IsValid(userId))
            return InvalidUser();
        if (!caller.MaySee(userId))
            return UnknownUser();
        return TypedResults.Ok(PreferencesView.From(userId, await store.GetAsync(userId, cancellationToken)));
    }

    static async Task<Results<Ok<PreferencesView>, ProblemHttpResult, ValidationProblem>> PutPreferencesAsync(string userId, HttpRequest request,
        ClaimsPrincipal caller, UserPreferencesStore store, CancellationToken cancellationToken)
    {
        if (!UserIds.IsValid(userId))
            return InvalidUser();
        if (!caller.MaySee(userId))
            return UnknownUser();

        UserPreferences? preferences;
        try
        {
            preferences = await JsonSerializer.DeserializeAsync<UserPreferences>(request.Body, PreferencesJson, cancellationToken);
        }
        catch (JsonException malformed)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-preferences",
                $"The body is not a valid preferences document: {malformed.Message}");
        }

        // GET never returns the secret, so a client that edits what it read sends none: keep the stored one.
        if (preferences?.Webhook is { Secret: null or "" } webhook &&
            (await store.GetAsync(userId, cancellationToken)).Webhook is { Secret.Length: > 0 } stored)
            preferences = preferences with { Webhook = webhook with { Secret = stored.Secret } };

        var errors = UserPreferencesValidator.Validate(preferences);
        if (errors.Count > 0)
            return ApiProblems.Invalid("invalid-preferences", "The preferences are not valid.", errors);

        var saved = await store.SetAsync(userId, preferences!, cancellationToken);
        return TypedResults.Ok(PreferencesView.From(userId, saved));
    }

    static async Task<Results<Ok<List<NotificationView>>, ProblemHttpResult>> ListNotificationsAsync(string userId, ClaimsPrincipal caller,
        NotificationInbox inbox, int? limit, DateTime? before, CancellationToken cancellationToken)
    {
        if (!UserIds.IsValid(userId))
            return InvalidUser();
        if (!caller.MaySee(userId))
            return UnknownUser();
        if (limit is < 1 or > NotificationInbox.MaxPageSize)
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-request", $"limit is between 1 and {NotificationInbox.MaxPageSize}.");

        var notifications = await inbox.ListAsync(userId, limit ?? 50, before?.ToUniversalTime(), cancellationToken);
        return TypedResults.Ok(notifications.Select(NotificationView.From).ToList());
    }

    /// <summary>
    /// Server-Sent Events: one <c>notification</c> event per notification stored for the user from now on (the inbox
    /// lists the earlier ones), and a <c>ping</c> when nothing happened for a while.
    /// </summary>
    static IResult StreamNotifications(string userId, NotificationHub hub, HttpContext http)
    {
        if (!UserIds.IsValid(userId))
            return InvalidUser();
        if (!http.User.MaySee(userId))
            return UnknownUser();
        var subscription = hub.Subscribe(userId);
        if (subscription is null)
            return ApiProblems.Problem(StatusCodes.Status429TooManyRequests, "too-many-streams",
                $"User {userId} already has {NotificationHub.MaxStreamsPerUser} notification streams open.");

        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(Events(subscription, http.RequestAborted));
    }

    static async IAsyncEnumerable<SseItem<object>> Events(NotificationSubscription subscription,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var _ = subscription;
        // A first event at once, so clients (and tests) know the stream is open and subscribed.
        yield return new SseItem<object>(new { at = DateTimeOffset.UtcNow }, "ready");
        while (!cancellationToken.IsCancellationRequested)
        {
            UserNotified? next = null;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                wait.CancelAfter(StreamKeepAlive);
                try
                {
                    next = await subscription.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
                catch (System.Threading.Channels.ChannelClosedException)
                {
                    yield break;
                }
            }

            yield return next is null
                ? new SseItem<object>(new { at = DateTimeOffset.UtcNow }, "ping")
                : new SseItem<object>(next, "notification") { EventId = next.NotificationId.ToString() };
        }
    }

    // Another user's data answers as if it did not exist.
    static ProblemHttpResult UnknownUser() => ApiProblems.Problem(StatusCodes.Status404NotFound, "not-found", "No such user.");

    static ProblemHttpResult InvalidUser() => ApiProblems.Problem(StatusCodes.Status400BadRequest, "invalid-request", UserIds.Rule);
}
