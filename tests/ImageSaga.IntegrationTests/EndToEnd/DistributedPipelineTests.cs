using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ImageSaga.IntegrationTests.Infrastructure;
using Npgsql;

namespace ImageSaga.IntegrationTests.EndToEnd;

/// <summary>
/// The orchestrator, the API and the metadata service as separate processes on a real RabbitMQ and PostgreSQL.
/// </summary>
public sealed class DistributedPipelineTests(ITestOutputHelper output)
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    static readonly string[] AnalysisServices = ["orchestrator", "metadata", "detection", "classification", "faces", "moderation"];

    [Fact]
    public async Task Analyses_a_photo_with_each_service_in_its_own_process()
    {
        await using var deployment = await DistributedDeployment.CreateAsync(withVision: true);
        await Task.WhenAll(AnalysisServices.Append("enrichment").Select(deployment.StartAsync));
        var apiProcess = await deployment.StartAsync("api");
        using var api = new ImageSagaApi(apiProcess.BaseAddress, DistributedDeployment.AdminKey);

        var imageId = await api.UploadAsync(TestImages.PathOf("exif_camera_gps_coffee.jpg"), userId: "alice");
        var status = await api.WaitForOutcomeAsync(imageId, Patience);
        var objects = status.GetProperty("detection").GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("label").GetString());
        objects.ShouldContain("cup");
        status.GetProperty("classification").GetProperty("top")[0].GetProperty("label").GetString().ShouldBe("espresso");
        status.GetProperty("faces").GetProperty("count").GetInt32().ShouldBe(0);
        status.GetProperty("moderation").GetProperty("flagged").GetBoolean().ShouldBeFalse();

        status.GetProperty("state").GetString().ShouldBe("Completed", deployment.Logs);
        status.GetProperty("userId").GetString().ShouldBe("alice");
        var metadata = status.GetProperty("metadata");
        metadata.GetProperty("camera").GetProperty("model").GetString().ShouldBe("Canon EOS 5D Mark IV");
        metadata.GetProperty("gps").GetProperty("latitude").GetDouble().ShouldBe(48.858370, 1e-4);
        var fingerprint = status.GetProperty("fingerprint");
        fingerprint.GetProperty("perceptualHash").GetString()!.Length.ShouldBe(16);
        File.Exists(Path.Combine(deployment.ImageStoreRoot, fingerprint.GetProperty("thumbnailKey").GetString()!)).ShouldBeTrue();

        // The last entry is the saga receiving its own outcome back from the broker, a moment after Completed.
        var history = await api.GetHistoryAsync(imageId);
        for (var wait = 0; wait < 50 && history.GetArrayLength() < 9; wait++)
        {
            await Task.Delay(200);
            history = await api.GetHistoryAsync(imageId);
        }

        string[] expected = ["ImageUploaded", "MetadataExtracted", "FingerprintComputed", "ObjectsDetected", "ImageClassified", "FacesDetected",
            "ContentModerated", "ImageAnalysisEnriched", "ImageAnalysisCompleted"];
        var events = history.EnumerateArray().Select(entry => entry.GetProperty("event").GetString()!).ToList();
        if (events.Contains("ImageAnalysisDeadlineReached"))
        {
            // On a loaded machine a step can outlive its (short, test) deadline: the saga re-sends it and records both
            // answers. Every entry is still one of the expected events or that deadline, and each expected one is there.
            events.Distinct().Order().ShouldBe(expected.Append("ImageAnalysisDeadlineReached").Order(), deployment.Logs);
        }
        else
        {
            events.ShouldBe(expected, ignoreOrder: true);
        }

        history.EnumerateArray().Select(entry => entry.GetProperty("sequence").GetInt32()).ShouldBe(Enumerable.Range(0, events.Count));
        status.GetProperty("insights").GetProperty("place").GetProperty("countryCode").GetString().ShouldBe("FR");
    }

    [Fact]
    public async Task Starts_a_saga_from_a_plain_json_message_published_through_the_management_api()
    {
        await using var deployment = await DistributedDeployment.CreateAsync();
        await deployment.StartAsync("orchestrator");
        await deployment.StartAsync("metadata");
        var apiProcess = await deployment.StartAsync("api");
        using var api = new ImageSagaApi(apiProcess.BaseAddress, DistributedDeployment.AdminKey);

        // Put the image into the store first, as the README says, then publish the claim check by hand.
        var bytes = TestImages.Read("coffee.png");
        const string key = "uploads/manual/coffee.png";
        Directory.CreateDirectory(Path.Combine(deployment.ImageStoreRoot, "uploads", "manual"));
        await File.WriteAllBytesAsync(Path.Combine(deployment.ImageStoreRoot, key), bytes);
        var imageId = Guid.NewGuid();
        var body = JsonSerializer.Serialize(new
        {
            imageId,
            userId = "bob",
            storageKey = key,
            sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            contentType = "image/png",
        });

        using var management = deployment.VirtualHost.Broker.CreateManagementClient();
        var published = await management.PostAsJsonAsync(
            $"api/exchanges/{Uri.EscapeDataString(deployment.VirtualHost.Name)}/image-uploads/publish",
            new { properties = new { content_type = "application/json" }, routing_key = "", payload = body, payload_encoding = "string" });
        published.EnsureSuccessStatusCode();
        (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("routed").GetBoolean().ShouldBeTrue();

        var status = await api.WaitForOutcomeAsync(imageId, Patience);
        status.GetProperty("state").GetString().ShouldBe("Completed", deployment.Logs);
        status.GetProperty("userId").GetString().ShouldBe("bob");
        status.GetProperty("length").GetInt64().ShouldBe(bytes.Length);
        status.GetProperty("metadata").GetProperty("format").GetString().ShouldBe("PNG");
    }

    [Fact]
    public async Task Fails_the_saga_with_a_reason_code_when_the_stored_bytes_are_not_an_image_or_not_the_claimed_ones()
    {
        await using var deployment = await DistributedDeployment.CreateAsync();
        await deployment.StartAsync("orchestrator");
        await deployment.StartAsync("metadata");
        var apiProcess = await deployment.StartAsync("api");
        using var api = new ImageSagaApi(apiProcess.BaseAddress, DistributedDeployment.AdminKey);
        // Bytes that only claim to be a photo, published past the API's checks straight onto the bus.
        var notAnImage = await deployment.PublishStoredUploadAsync("uploads/notes.jpg", "not a photo at all"u8.ToArray(), "mallory");
        // A real photo whose claimed checksum is not the checksum of what is stored.
        var swapped = await deployment.PublishStoredUploadAsync("uploads/swapped.png", TestImages.Read("coffee.png"), "mallory",
            claimedSha256: new string('0', 64));

        var first = await api.WaitForOutcomeAsync(notAnImage, Patience);
        first.GetProperty("state").GetString().ShouldBe("Failed", deployment.Logs);
        first.GetProperty("failure").GetProperty("step").GetString().ShouldBe("metadata");
        first.GetProperty("failure").GetProperty("reasonCode").GetString().ShouldBe("unsupported-format");
        first.GetProperty("steps").GetProperty("fingerprint").GetProperty("reasonCode").GetString().ShouldBe("unsupported-format");

        var second = await api.WaitForOutcomeAsync(swapped, Patience);
        second.GetProperty("state").GetString().ShouldBe("Failed", deployment.Logs);
        second.GetProperty("failure").GetProperty("reasonCode").GetString().ShouldBe("checksum-mismatch");
    }

    [Fact]
    public async Task Refuses_a_plain_json_upload_whose_image_is_not_in_the_store_onto_the_error_queue()
    {
        await using var deployment = await DistributedDeployment.CreateAsync();
        await deployment.StartAsync("orchestrator");
        using var management = deployment.VirtualHost.Broker.CreateManagementClient();
        var vhost = Uri.EscapeDataString(deployment.VirtualHost.Name);

        var body = JsonSerializer.Serialize(new { imageId = Guid.NewGuid(), userId = "bob", storageKey = "../../etc/passwd", sha256 = new string('a', 64) });
        (await management.PostAsJsonAsync($"api/exchanges/{vhost}/image-uploads/publish",
            new { properties = new { content_type = "application/json" }, routing_key = "", payload = body, payload_encoding = "string" }))
            .EnsureSuccessStatusCode();

        var deadline = DateTime.UtcNow + Patience;
        long errors = 0;
        while (DateTime.UtcNow < deadline && errors == 0)
        {
            await Task.Delay(500);
            using var queue = await management.GetAsync($"api/queues/{vhost}/image-uploads_error");
            // The management API adds message counts to a queue's stats a moment after it exists.
            if (queue.IsSuccessStatusCode && (await queue.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("messages", out var messages))
                errors = messages.GetInt64();
        }

        errors.ShouldBe(1, deployment.Logs);
        await using var connection = new NpgsqlConnection(deployment.Database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM image_analysis_sagas", connection);
        ((long)(await count.ExecuteScalarAsync())!).ShouldBe(0);
    }

    [Fact]
    public async Task Every_upload_completes_exactly_once_when_the_orchestrator_is_killed_mid_run()
    {
        const int uploads = 200;
        await using var deployment = await DistributedDeployment.CreateAsync();
        var recorder = new OutcomeRecorder();
        var orchestrator = await deployment.StartAsync("orchestrator");
        var listener = await recorder.ListenOnRabbitMqAsync(deployment.VirtualHost.AmqpUri);
        try
        {
            await deployment.StartAsync("metadata");
            var apiProcess = await deployment.StartAsync("api");
            using var api = new ImageSagaApi(apiProcess.BaseAddress, DistributedDeployment.AdminKey);
            var photos = TestImages.AllPhotos().ToArray();
            var accepted = new ConcurrentBag<Guid>();

            // Paced uploads, so that the kill lands while uploads still arrive and sagas are in every stage.
            var uploading = Parallel.ForEachAsync(Enumerable.Range(0, uploads), new ParallelOptions { MaxDegreeOfParallelism = 2 },
                async (index, cancellationToken) =>
                {
                    accepted.Add(await api.UploadAsync(photos[index % photos.Length], $"user-{index % 7}"));
                    await Task.Delay(40, cancellationToken);
                });

            var killAt = DateTime.UtcNow + Patience;
            while (recorder.DistinctImages < 30 && DateTime.UtcNow < killAt)
                await Task.Delay(20);
            output.WriteLine($"Killing the orchestrator: {accepted.Count} accepted, {recorder.DistinctImages} finished.");
            recorder.DistinctImages.ShouldBeGreaterThanOrEqualTo(30, deployment.Logs);
            orchestrator.Kill();
            await Task.Delay(1000);
            await deployment.StartAsync("orchestrator");

            await uploading;
            accepted.Count.ShouldBe(uploads);
            await recorder.WaitForDistinctImagesAsync(uploads, TimeSpan.FromMinutes(4));

            // Wait until every saga has seen its own outcome come back, so a late republish would have shown by now.
            await WaitUntilAsync(async () => await CountAsync(deployment, "\"OutcomeConfirmedAt\" IS NULL") == 0, TimeSpan.FromMinutes(2));
            await Task.Delay(2000);

            var deliveries = recorder.Deliveries.ToList();
            output.WriteLine($"{deliveries.Count} outcome deliveries for {recorder.DistinctImages} images.");
            var retried = await CountAsync(deployment, "\"Steps\"::text LIKE '%\"attempts\":2%'");
            output.WriteLine($"{retried} saga(s) re-sent a step whose command was lost in the crash.");
            recorder.DistinctImages.ShouldBe(uploads);
            deliveries.Select(delivery => delivery.ImageId).ShouldBe(accepted, ignoreOrder: true, deployment.Logs);
            deliveries.ShouldAllBe(delivery => delivery.Completed);
            (await CountAsync(deployment, "\"CurrentState\" = 'Completed'")).ShouldBe(uploads);
        }
        finally
        {
            await listener.StopAsync();
        }
    }

    static async Task<long> CountAsync(DistributedDeployment deployment, string where)
    {
        await using var connection = new NpgsqlConnection(deployment.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM image_analysis_sagas WHERE {where}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Condition not met within {within}.");
            await Task.Delay(500);
        }
    }
}
