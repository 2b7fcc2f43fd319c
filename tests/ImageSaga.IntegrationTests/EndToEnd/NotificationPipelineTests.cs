using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSaga.IntegrationTests.Infrastructure;
using ImageSaga.Notifications.Webhooks;

namespace ImageSaga.IntegrationTests.EndToEnd;

/// <summary>
/// Enrichment and notifications on the real thing: every service its own process, RabbitMQ, PostgreSQL, the ONNX
/// models, a real webhook receiver and the API's Server-Sent Events stream.
/// </summary>
public sealed class NotificationPipelineTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    static readonly string[] PipelineServices =
        ["orchestrator", "metadata", "detection", "classification", "faces", "moderation", "enrichment", "notifications"];
    const string Secret = "a-long-enough-webhook-secret";
    static readonly string[] InboxAndWebhook = ["inbox", "webhook"];
    static readonly string[] CupLover = ["Cup"];
    static readonly string[] UnknownChannels = ["pigeon", "webhook"];
    static readonly string[] WebhookOnly = ["webhook"];
    static readonly string[] NotifyingServices = ["orchestrator", "metadata", "notifications"];

    [Fact]
    public async Task An_upload_ends_with_a_personalized_inbox_notification_a_signed_webhook_and_the_path_in_the_history()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var deployment = await DistributedDeployment.CreateAsync(withVision: true);
        // The receiver is on loopback, which production refuses; the retry delay is short so the test sees a retry.
        deployment.Settings["ImageSaga__Notifications__Webhooks__AllowPrivateNetworks"] = "true";
        deployment.Settings["ImageSaga__Notifications__Webhooks__RetryDelaysSeconds__0"] = "1";
        await Task.WhenAll(PipelineServices.Select(deployment.StartAsync));
        using var api = new ImageSagaApi((await deployment.StartAsync("api")).BaseAddress, DistributedDeployment.AdminKey);

        var webhookUrl = receiver.Url("/flaky/1");
        var saved = await api.Http.PutAsJsonAsync("/api/users/alice/preferences", new
        {
            interests = CupLover,
            channels = InboxAndWebhook,
            webhook = new { url = webhookUrl.ToString(), secret = Secret },
        });
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        var preferences = await api.Http.GetFromJsonAsync<JsonElement>("/api/users/alice/preferences");
        preferences.GetProperty("webhook").GetProperty("secretSet").GetBoolean().ShouldBeTrue();
        preferences.GetProperty("webhook").TryGetProperty("secret", out _).ShouldBeFalse("the secret is never read back");

        await using var stream = await NotificationEventsClient.OpenAsync(api.Http, "alice");
        var imageId = await api.UploadAsync(TestImages.PathOf("exif_camera_gps_coffee.jpg"), userId: "alice");
        var status = await api.WaitForOutcomeAsync(imageId, Patience);
        status.GetProperty("state").GetString().ShouldBe("Completed", deployment.Logs);

        // Personalized: the interest matched (in the user's spelling), the place is named, the cup is a first.
        var insights = status.GetProperty("insights");
        insights.GetProperty("priority").GetString().ShouldBe("High");
        Strings(insights.GetProperty("interestMatches")).ShouldBe(["Cup"]);
        insights.GetProperty("place").GetProperty("countryCode").GetString().ShouldBe("FR");
        insights.GetProperty("place").GetProperty("name").GetString()!.ShouldStartWith("Paris");
        insights.GetProperty("description").GetString()!.ShouldContain("cup");
        insights.GetProperty("highlights").EnumerateArray()
            .ShouldContain(highlight => highlight.GetProperty("kind").GetString() == "first" && highlight.GetProperty("label").GetString() == "cup");

        // Live: the stream announces it.
        var live = await stream.NextAsync("notification", TimeSpan.FromSeconds(30));
        live.GetProperty("imageId").GetGuid().ShouldBe(imageId);
        live.GetProperty("priority").GetString().ShouldBe("High");

        // The webhook: the first attempt got a 500, the scheduled retry was accepted, and it is signed.
        var notification = await WaitForNotificationAsync(api, "alice", imageId, n => DeliveryStatus(n, "webhook") == "delivered");
        DeliveryStatus(notification, "inbox").ShouldBe("delivered");
        Delivery(notification, "webhook").GetProperty("attempts").GetInt32().ShouldBe(2);
        notification.GetProperty("priority").GetString().ShouldBe("High");
        notification.GetProperty("kind").GetString().ShouldBe("analysis-completed");

        var deliveries = receiver.Requests.Where(request => request.Path == webhookUrl.AbsolutePath).ToList();
        deliveries.Count.ShouldBe(2);
        foreach (var delivery in deliveries)
        {
            WebhookSignature.Verify(Secret, delivery.Headers[WebhookSignature.TimestampHeader], delivery.Headers[WebhookSignature.SignatureHeader],
                delivery.Body, DateTimeOffset.UtcNow).ShouldBeTrue();
            delivery.Headers[WebhookSignature.DeliveryHeader].ShouldBe(notification.GetProperty("id").GetString());
        }

        var body = JsonDocument.Parse(deliveries[^1].Body).RootElement;
        body.GetProperty("imageId").GetGuid().ShouldBe(imageId);
        body.GetProperty("insights").GetProperty("priority").GetString().ShouldBe("high");

        // The whole path is in the saga's execution history: enrichment, outcome, and every delivery attempt.
        var notes = await WaitForHistoryAsync(api, imageId, entries => entries.Count(e => e.Event == "NotificationDeliveryUpdated") >= 3);
        notes.Select(entry => entry.Event).ShouldContain("ImageAnalysisEnriched");
        notes.ShouldContain(entry => entry.Detail.Contains("notification via webhook: retrying (attempt 1): HTTP 500", StringComparison.Ordinal));
        notes.ShouldContain(entry => entry.Detail.Contains("notification via webhook: delivered (attempt 2)", StringComparison.Ordinal));
        notes.ShouldContain(entry => entry.Detail.Contains("notification via inbox: delivered", StringComparison.Ordinal));

        // The same photo again: named as a duplicate of the first, and the cup is no longer a first.
        var again = await api.UploadAsync(TestImages.PathOf("exif_camera_gps_coffee.jpg"), userId: "alice");
        var second = (await api.WaitForOutcomeAsync(again, Patience)).GetProperty("insights");
        var duplicate = second.GetProperty("duplicates").EnumerateArray().ShouldHaveSingleItem();
        duplicate.GetProperty("imageId").GetGuid().ShouldBe(imageId);
        duplicate.GetProperty("fileName").GetString().ShouldBe("exif_camera_gps_coffee.jpg");
        duplicate.GetProperty("exact").GetBoolean().ShouldBeTrue();
        second.GetProperty("highlights").EnumerateArray().ShouldNotContain(highlight => highlight.GetProperty("kind").GetString() == "first"
            && highlight.GetProperty("label").GetString() == "cup");

        // A near duplicate: the cat, then the same cat stored sideways with EXIF orientation 6 and re-encoded as JPEG.
        var cat = await api.UploadAsync(TestImages.PathOf("cat_chelsea.png"), userId: "alice");
        (await api.WaitForOutcomeAsync(cat, Patience)).GetProperty("insights").GetProperty("highlights").EnumerateArray()
            .ShouldContain(highlight => highlight.GetProperty("kind").GetString() == "first" && highlight.GetProperty("label").GetString() == "cat");
        var sideways = await api.UploadAsync(TestImages.PathOf("exif_orientation_6_gps_cat.jpg"), userId: "alice");
        var near = (await api.WaitForOutcomeAsync(sideways, Patience)).GetProperty("insights");
        var similar = near.GetProperty("duplicates").EnumerateArray().ShouldHaveSingleItem();
        similar.GetProperty("imageId").GetGuid().ShouldBe(cat);
        similar.GetProperty("fileName").GetString().ShouldBe("cat_chelsea.png");
        similar.GetProperty("exact").GetBoolean().ShouldBeFalse();
        similar.GetProperty("distance").GetInt32().ShouldBeLessThanOrEqualTo(10, "different bytes, the same picture");
        near.GetProperty("highlights").EnumerateArray().ShouldNotContain(highlight => highlight.GetProperty("label").GetString() == "cat"
            && highlight.GetProperty("kind").GetString() == "first");
        near.GetProperty("place").GetProperty("name").GetString().ShouldBe("San Francisco");
    }

    [Fact]
    public async Task A_failed_analysis_notifies_with_its_reason_and_a_private_webhook_is_refused_without_being_called()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var deployment = await DistributedDeployment.CreateAsync(withVision: true);
        await Task.WhenAll(PipelineServices.Select(deployment.StartAsync));
        using var api = new ImageSagaApi((await deployment.StartAsync("api")).BaseAddress, DistributedDeployment.AdminKey);

        (await api.Http.PutAsJsonAsync("/api/users/bob/preferences", new
        {
            channels = InboxAndWebhook,
            webhook = new { url = receiver.Url("/hook").ToString(), secret = Secret },
        })).EnsureSuccessStatusCode();

        // Bytes that only claim to be a photo, put on the bus past the API's checks: the metadata step refuses them.
        var imageId = await deployment.PublishStoredUploadAsync("uploads/notes.jpg", "not a photo at all"u8.ToArray(), "bob");
        var status = await api.WaitForOutcomeAsync(imageId, Patience);
        status.GetProperty("state").GetString().ShouldBe("Failed", deployment.Logs);

        var notification = await WaitForNotificationAsync(api, "bob", imageId, n => DeliveryStatus(n, "webhook") != "pending");
        notification.GetProperty("kind").GetString().ShouldBe("analysis-failed");
        notification.GetProperty("text").GetString()!.ShouldContain(status.GetProperty("failure").GetProperty("reasonCode").GetString()!);
        DeliveryStatus(notification, "inbox").ShouldBe("delivered");
        DeliveryStatus(notification, "webhook").ShouldBe("refused");
        Delivery(notification, "webhook").GetProperty("detail").GetString()!.ShouldContain("loopback");
        receiver.Connections.ShouldBe(0);

        var notes = await WaitForHistoryAsync(api, imageId, entries => entries.Any(e => e.Detail.Contains("webhook", StringComparison.Ordinal)));
        notes.ShouldContain(entry => entry.Detail.Contains("notification via webhook: refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_webhook_that_keeps_failing_is_retried_then_marked_failed_while_the_analysis_stays_completed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var deployment = await DistributedDeployment.CreateAsync();
        deployment.Settings["ImageSaga__Notifications__Webhooks__AllowPrivateNetworks"] = "true";
        deployment.Settings["ImageSaga__Notifications__Webhooks__RetryDelaysSeconds__0"] = "1";
        deployment.Settings["ImageSaga__Notifications__Webhooks__MaxAttempts"] = "3";
        await Task.WhenAll(NotifyingServices.Select(deployment.StartAsync));
        using var api = new ImageSagaApi((await deployment.StartAsync("api")).BaseAddress, DistributedDeployment.AdminKey);
        (await api.Http.PutAsJsonAsync("/api/users/dave/preferences", new
        {
            channels = WebhookOnly,
            webhook = new { url = receiver.Url("/status/503").ToString(), secret = Secret },
        })).EnsureSuccessStatusCode();

        var imageId = await api.UploadAsync(TestImages.PathOf("coffee.png"), userId: "dave");
        (await api.WaitForOutcomeAsync(imageId, Patience)).GetProperty("state").GetString().ShouldBe("Completed", deployment.Logs);

        var notification = await WaitForNotificationAsync(api, "dave", imageId, n => DeliveryStatus(n, "webhook") == "failed");
        var webhook = Delivery(notification, "webhook");
        webhook.GetProperty("attempts").GetInt32().ShouldBe(3);
        webhook.GetProperty("detail").GetString()!.ShouldContain("HTTP 503");
        webhook.GetProperty("detail").GetString()!.ShouldContain("gave up after 3 attempts");
        receiver.Requests.Count(request => request.Path == "/status/503").ShouldBe(3);
        notification.GetProperty("deliveries").GetArrayLength().ShouldBe(1, "the user chose only the webhook");

        var notes = await WaitForHistoryAsync(api, imageId, entries => entries.Any(e => e.Detail.Contains("webhook: failed", StringComparison.Ordinal)));
        notes.Count(entry => entry.Detail.Contains("notification via webhook: retrying", StringComparison.Ordinal)).ShouldBe(2);
        (await api.GetStatusAsync(imageId))!.Value.GetProperty("state").GetString().ShouldBe("Completed");
    }

    [Fact]
    public async Task Preferences_are_validated_and_an_unknown_user_has_the_defaults()
    {
        await using var deployment = await DistributedDeployment.CreateAsync();
        using var api = new ImageSagaApi((await deployment.StartAsync("api")).BaseAddress, DistributedDeployment.AdminKey);

        var defaults = await api.Http.GetFromJsonAsync<JsonElement>("/api/users/nobody-yet/preferences");
        Strings(defaults.GetProperty("channels")).ShouldBe(["inbox"]);
        defaults.GetProperty("minimumConfidence").GetDouble().ShouldBe(0.5);

        using var malformed = await api.Http.PutAsync("/api/users/carol/preferences",
            new StringContent("{\"interests\": [\"dog\"", System.Text.Encoding.UTF8, "application/json"));
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reasonCode").GetString().ShouldBe("invalid-preferences");

        using var invalid = await api.Http.PutAsJsonAsync("/api/users/carol/preferences", new
        {
            minimumConfidence = 3,
            channels = UnknownChannels,
            webhook = new { url = "ftp://example.com/hook", secret = "short" },
        });
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        errors.TryGetProperty("minimumConfidence", out _).ShouldBeTrue();
        errors.TryGetProperty("channels", out _).ShouldBeTrue();
        errors.TryGetProperty("webhook.url", out _).ShouldBeTrue();
        errors.TryGetProperty("webhook.secret", out _).ShouldBeTrue();

        using var badUser = await api.Http.GetAsync("/api/users/not%20valid/preferences");
        badUser.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // Nothing invalid was stored.
        Strings((await api.Http.GetFromJsonAsync<JsonElement>("/api/users/carol/preferences")).GetProperty("channels")).ShouldBe(["inbox"]);
    }

    static async Task<JsonElement> WaitForNotificationAsync(ImageSagaApi api, string userId, Guid imageId, Func<JsonElement, bool> until)
    {
        var deadline = DateTime.UtcNow + Patience;
        JsonElement? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var list = await api.Http.GetFromJsonAsync<JsonElement>($"/api/users/{userId}/notifications");
            last = list.EnumerateArray().FirstOrDefault(n => n.GetProperty("imageId").GetGuid() == imageId);
            if (last is { ValueKind: JsonValueKind.Object } found && until(found))
                return found;
            await Task.Delay(250);
        }

        throw new TimeoutException($"No notification for {imageId} reached the expected state; last: {last}");
    }

    static async Task<List<(string Event, string Detail)>> WaitForHistoryAsync(ImageSagaApi api, Guid imageId,
        Func<List<(string Event, string Detail)>, bool> until)
    {
        var deadline = DateTime.UtcNow + Patience;
        List<(string Event, string Detail)> entries = [];
        while (DateTime.UtcNow < deadline)
        {
            entries = (await api.GetHistoryAsync(imageId)).EnumerateArray()
                .Select(entry => (entry.GetProperty("event").GetString() ?? "",
                    entry.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String ? detail.GetString()! : ""))
                .ToList();
            if (until(entries))
                return entries;
            await Task.Delay(250);
        }

        throw new TimeoutException($"The history of {imageId} never showed the expected entries: {string.Join(" | ", entries)}");
    }

    static JsonElement Delivery(JsonElement notification, string channel) =>
        notification.GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("channel").GetString() == channel);

    static string? DeliveryStatus(JsonElement notification, string channel) => Delivery(notification, channel).GetProperty("status").GetString();

    static List<string?> Strings(JsonElement array) => array.EnumerateArray().Select(item => item.GetString()).ToList();
}
