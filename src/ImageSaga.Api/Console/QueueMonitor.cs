using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ImageSaga.Orchestrator.Batches;
using ImageSaga.Orchestrator.Queries;
using ImageSaga.Orchestrator.Review;
using ImageSaga.ServiceDefaults;
using ImageSaga.ServiceDefaults.Messaging;
using ImageSaga.ServiceDefaults.Options;

namespace ImageSaga.Api.Console;

/// <summary>Where the RabbitMQ management HTTP API is, when it is not beside the AMQP host on its default port.</summary>
public sealed class RabbitMqManagementOptions
{
    /// <summary>The same section as <see cref="RabbitMqOptions"/>: the management API belongs to the same broker.</summary>
    public const string Section = "ImageSaga:Bus:RabbitMq";

    /// <summary>
    /// <c>http://host:15672/</c> (credentials in the URI are used, else the AMQP user's). Unset: the AMQP host with port
    /// 15672 (15671 and https for <c>amqps</c>) and the AMQP credentials.
    /// </summary>
    public string? ManagementUri { get; set; }
}

/// <summary>
/// Reads queue depth, consumers and message rates from the RabbitMQ management API for the console's System page.
/// On the in-memory transport there are no queues to read, and it says so.
/// </summary>
public sealed class QueueMonitor(BusOptions bus, RabbitMqManagementOptions management, HttpClient http)
{
    /// <summary>Which service consumes each of ImageSaga's queues (the architecture diagram's arrows).</summary>
    static readonly Dictionary<string, string> Services = new(StringComparer.Ordinal)
    {
        [ImageSagaEndpoints.ImageAnalysisSaga] = ServiceSelection.Orchestrator,
        [ImageSagaEndpoints.ImageUploadIntake] = ServiceSelection.Orchestrator,
        [ImageSagaEndpoints.Scheduler] = ServiceSelection.Orchestrator,
        [BatchStateDefinition.Queue] = ServiceSelection.Orchestrator,
        [ImageAnalysisStatusQueryConsumer.Queue] = ServiceSelection.Orchestrator,
        [RejectedImageCleanupConsumer.Queue] = ServiceSelection.Orchestrator,
        [ImageSagaEndpoints.ExtractMetadata] = ServiceSelection.Metadata,
        [ImageSagaEndpoints.ComputeFingerprint] = ServiceSelection.Metadata,
        [ImageSagaEndpoints.DetectObjects] = ServiceSelection.Detection,
        [ImageSagaEndpoints.ClassifyImage] = ServiceSelection.Classification,
        [ImageSagaEndpoints.DetectFaces] = ServiceSelection.Faces,
        [ImageSagaEndpoints.ModerateContent] = ServiceSelection.Moderation,
        [ImageSagaEndpoints.EnrichImageAnalysis] = ServiceSelection.Enrichment,
        [ImageSagaEndpoints.NotifyUsers] = ServiceSelection.Notifications,
        [ImageSagaEndpoints.DeliverWebhooks] = ServiceSelection.Notifications,
    };

    const string ApiNotificationsPrefix = "api-notifications";

    /// <summary>The management API's address (without credentials) and the virtual host; null on the in-memory transport.</summary>
    public ManagementEndpoint? Endpoint { get; } = bus.Transport == BusTransport.RabbitMQ ? ManagementEndpoint.From(bus.RabbitMq, management) : null;

    public async Task<QueueOverview> ReadAsync(CancellationToken cancellationToken)
    {
        if (Endpoint is not { } endpoint)
            return new QueueOverview(bus.Transport.ToString(),
                "In-memory transport: no queues. Every service runs in this process and messages pass in memory; "
                + "run on RabbitMQ (ImageSaga:Bus:Transport) to see queues here.", null, null, [], DateTime.UtcNow);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint.BaseUri, $"api/queues/{Uri.EscapeDataString(endpoint.VirtualHost)}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{endpoint.Username}:{endpoint.Password}")));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException unreachable)
        {
            throw new ManagementApiException(endpoint, $"it did not answer ({unreachable.Message})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ManagementApiException(endpoint, $"it did not answer within {http.Timeout.TotalSeconds:0} s");
        }

        using var _ = response;
        if (!response.IsSuccessStatusCode)
            throw new ManagementApiException(endpoint, response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => "it refused the credentials (the user needs the 'monitoring' or 'management' tag)",
                HttpStatusCode.NotFound => $"it has no virtual host '{endpoint.VirtualHost}'",
                _ => $"it answered {(int)response.StatusCode} {response.ReasonPhrase}",
            });

        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var queues = document.RootElement.EnumerateArray().Select(ReadQueue)
            .OrderBy(queue => queue.Service is null ? 1 : 0)
            .ThenBy(queue => queue.Name, StringComparer.Ordinal)
            .ToList();
        return new QueueOverview(bus.Transport.ToString(), null, endpoint.VirtualHost,
            new Uri(endpoint.BaseUri, $"#/queues/{Uri.EscapeDataString(endpoint.VirtualHost)}").ToString(), queues, DateTime.UtcNow);
    }

    static QueueView ReadQueue(JsonElement queue)
    {
        var name = queue.GetProperty("name").GetString() ?? "";
        // MassTransit names a consumer's error and skipped queues after it: detect-objects_error belongs to detection.
        var baseName = name.EndsWith("_error", StringComparison.Ordinal) ? name[..^6]
            : name.EndsWith("_skipped", StringComparison.Ordinal) ? name[..^8] : name;
        var service = Services.GetValueOrDefault(baseName)
            ?? (baseName.StartsWith(ApiNotificationsPrefix, StringComparison.Ordinal) ? ServiceSelection.Api : null);
        var stats = queue.TryGetProperty("message_stats", out var s) ? s : default;
        return new QueueView(name, service,
            Long(queue, "messages"), Long(queue, "messages_ready"), Long(queue, "messages_unacknowledged"), (int)Long(queue, "consumers"),
            Rate(stats, "publish_details"), Rate(stats, "deliver_get_details"), Rate(stats, "ack_details"),
            queue.TryGetProperty("state", out var state) && state.ValueKind == JsonValueKind.String ? state.GetString() : null);
    }

    // The management API leaves out figures it has no sample for yet (a new queue, or stats collection lagging).
    static long Long(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : 0;

    static double Rate(JsonElement stats, string name) =>
        stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty(name, out var details) && details.TryGetProperty("rate", out var rate)
            && rate.TryGetDouble(out var value) ? Math.Round(value, 2) : 0;
}

/// <summary>The broker's management API: where it is, which virtual host ImageSaga uses there, and as whom to ask.</summary>
public sealed record ManagementEndpoint(Uri BaseUri, string VirtualHost, string Username, string Password)
{
    public static ManagementEndpoint From(RabbitMqOptions rabbit, RabbitMqManagementOptions management)
    {
        string host, virtualHost, username, password;
        var secure = false;
        if (!string.IsNullOrWhiteSpace(rabbit.Uri) && Uri.TryCreate(rabbit.Uri, UriKind.Absolute, out var amqp))
        {
            host = amqp.Host;
            secure = amqp.Scheme is "amqps" or "rabbitmqs";
            var path = Uri.UnescapeDataString(amqp.AbsolutePath.TrimStart('/'));
            virtualHost = path.Length == 0 ? "/" : path;
            (username, password) = Credentials(amqp) ?? ("guest", "guest");
        }
        else
        {
            (host, virtualHost, username, password) = (rabbit.Host, rabbit.VirtualHost, rabbit.Username, rabbit.Password);
        }

        var baseUri = new UriBuilder(secure ? "https" : "http", host, secure ? 15671 : 15672).Uri;
        if (!string.IsNullOrWhiteSpace(management.ManagementUri))
        {
            var configured = new Uri(management.ManagementUri, UriKind.Absolute);
            (username, password) = Credentials(configured) ?? (username, password);
            baseUri = new UriBuilder(configured) { UserName = "", Password = "" }.Uri;
        }

        // Relative paths are resolved against the base, so it must end with a slash.
        if (!baseUri.AbsolutePath.EndsWith('/'))
            baseUri = new UriBuilder(baseUri) { Path = baseUri.AbsolutePath + "/" }.Uri;
        return new ManagementEndpoint(baseUri, virtualHost, username, password);
    }

    static (string User, string Password)? Credentials(Uri uri)
    {
        if (string.IsNullOrEmpty(uri.UserInfo))
            return null;
        var parts = uri.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
    }

    // Never print the password (records print every property).
    public override string ToString() => $"{BaseUri} (virtual host {VirtualHost}, user {Username})";
}

/// <summary>The management API could not be read; the detail says why (it never contains the password).</summary>
public sealed class ManagementApiException(ManagementEndpoint endpoint, string reason)
    : Exception($"The RabbitMQ management API at {endpoint.BaseUri} could not be read: {reason}.");

/// <summary>
/// <c>GET /api/system/queues</c>: one row per queue of the virtual host. <see cref="Detail"/> explains an empty list
/// (the in-memory transport has no queues); <see cref="ManagementUi"/> links to the broker's own page.
/// </summary>
public sealed record QueueOverview(
    string Transport,
    string? Detail,
    string? VirtualHost,
    string? ManagementUi,
    IReadOnlyList<QueueView> Queues,
    DateTime ReadAt);

/// <summary>
/// One queue: <see cref="Messages"/> = ready + unacknowledged (being worked on); rates are messages per second over
/// the management API's last sampling interval.
/// </summary>
public sealed record QueueView(
    string Name,
    string? Service,
    long Messages,
    long Ready,
    long Unacknowledged,
    int Consumers,
    double PublishRate,
    double DeliverRate,
    double AckRate,
    string? State);
