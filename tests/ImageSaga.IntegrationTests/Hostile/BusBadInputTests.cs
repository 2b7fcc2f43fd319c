using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ImageSaga.IntegrationTests.EndToEnd;
using ImageSaga.IntegrationTests.Infrastructure;
using Npgsql;

namespace ImageSaga.IntegrationTests.Hostile;

/// <summary>
/// Bad messages published straight to the <c>image-uploads</c> exchange through the RabbitMQ management API, past every
/// HTTP check, on real RabbitMQ and PostgreSQL with the orchestrator and metadata services as separate processes.
/// Each must be dead-lettered with the reason in its headers (on <c>image-uploads_error</c>; a message of a type the
/// endpoint does not consume on MassTransit's <c>image-uploads_skipped</c>), start no saga, and leave the orchestrator
/// serving. Already covered elsewhere, so not repeated here: a leading <c>../../etc/passwd</c> key
/// (<see cref="DistributedPipelineTests.Refuses_a_plain_json_upload_whose_image_is_not_in_the_store_onto_the_error_queue"/>),
/// and stored bytes that are not an image or not the claimed SHA-256, which fail the saga with
/// <c>unsupported-format</c> / <c>checksum-mismatch</c>
/// (<see cref="DistributedPipelineTests.Fails_the_saga_with_a_reason_code_when_the_stored_bytes_are_not_an_image_or_not_the_claimed_ones"/>).
/// </summary>
public sealed class BusBadInputTests(BadMessagesOnTheBus bus) : IClassFixture<BadMessagesOnTheBus>
{
    public static TheoryData<string> Cases => new(BadMessagesOnTheBus.Messages.Select(message => message.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Dead_letters_each_bad_message_with_its_reason(string name)
    {
        var bad = BadMessagesOnTheBus.Messages.Single(message => message.Name == name);
        var deadLetters = await bus.DeadLettersAsync();
        var found = deadLetters.TryGetValue(name, out var letter);
        var context = $"{name}: dead letters {string.Join(", ", deadLetters.Select(pair => $"{pair.Key} on {pair.Value.Queue}"))}; "
            + $"headers {(found ? letter.Headers : "-")}\n{bus.Deployment.Logs}";

        found.ShouldBeTrue($"not dead-lettered. {context}");
        letter.Queue.ShouldBe(bad.Queue, context);
        if (bad.Queue == BadMessage.Skipped)
        {
            // Not consumed at all: MassTransit moves a message of a type nobody on the endpoint consumes, unchanged.
            Header(letter.Headers, "MT-Reason").ShouldBe("dead-letter", context);
            return;
        }

        Header(letter.Headers, "MT-Reason").ShouldBe("fault", context);
        Header(letter.Headers, "MT-Fault-ExceptionType").ShouldContain(bad.ExceptionType ?? "", Case.Sensitive, context);
        Header(letter.Headers, "MT-Fault-Message").ShouldContain(bad.Reason ?? "", Case.Insensitive, context);
    }

    [Fact]
    public async Task Starts_no_saga_for_a_bad_message_and_still_analyses_a_valid_one_afterwards()
    {
        await bus.DeadLettersAsync();

        var imageId = await bus.Deployment.PublishStoredUploadAsync("uploads/after/coffee.png", TestImages.Read("coffee.png"), "after-the-bad-ones");

        (await bus.WaitForSagaAsync(imageId)).ShouldBe(("Completed", (string?)null), bus.Deployment.Logs);
        (await bus.SagaIdsAsync()).ShouldBe([imageId], "only the valid message may start a saga");
        bus.Orchestrator.HasExited.ShouldBeFalse(bus.Deployment.Logs);
    }

    static string Header(JsonElement headers, string name) =>
        headers.ValueKind == JsonValueKind.Object && headers.TryGetProperty(name, out var value)
            ? value.ToString()
            : $"(no {name} header; headers: {headers})";
}

/// <summary>
/// A message as published through the management API, and where its dead letter must land with what in its headers:
/// the exception type and the reason (<c>MT-Fault-Message</c>) must contain the given text, when one is given.
/// </summary>
public sealed record BadMessage(string Name, string Payload, string ContentType, string Queue, string? ExceptionType = null, string? Reason = null)
{
    public const string Error = "image-uploads_error";

    public const string Skipped = "image-uploads_skipped";

    public override string ToString() => Name;
}

/// <summary>A dead letter as the management API shows it: the queue it is on and its headers.</summary>
public readonly record struct DeadLetter(string Queue, JsonElement Headers);

/// <summary>
/// One distributed deployment (orchestrator and metadata on RabbitMQ and PostgreSQL) and every bad message published to
/// it at once. Every payload is different (most carry <c>bad-input:&lt;name&gt;</c> as their user), so each dead letter
/// is matched to its case by its body, even when that is not JSON.
/// </summary>
public sealed class BadMessagesOnTheBus : IAsyncLifetime
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>An image that is in the store, so that only the field under test is wrong.</summary>
    const string StoredKey = "uploads/stored/coffee.png";

    static readonly string StoredSha256 = Convert.ToHexStringLower(SHA256.HashData(TestImages.Read("coffee.png")));

    Task<Dictionary<string, DeadLetter>> _deadLetters = null!;

    public static IReadOnlyList<BadMessage> Messages { get; } =
    [
        Json("malformed-json", """{"imageId": "6f1c8a52-7d0e-4c1b-9a57-3f0f0b3c2d11", "userId": "bad-input:malformed-json", "storageKey": """,
            "System.Text.Json", "JSON"),
        Json("json-null", "null"),
        Valid("missing-image-id", fields => fields.Remove("imageId"), "InvalidUploadMessageException", "imageId is missing"),
        // A value of the wrong type: the reason names the field and the type it must have (the intake's
        // UploadFieldTypeFilter; the deserializer alone says only what it could not convert).
        Valid("image-id-a-number", fields => fields["imageId"] = 12345, "InvalidUploadMessageException", "imageId must be a GUID string"),
        Valid("image-id-not-a-guid", fields => fields["imageId"] = "not-a-guid", "InvalidUploadMessageException", "imageId must be a GUID string"),
        Valid("uploaded-at-a-number", fields => fields["uploadedAt"] = 1_700_000_000, "InvalidUploadMessageException",
            "uploadedAt must be an ISO 8601 date and time string"),
        Valid("storage-key-absolute", fields => fields["storageKey"] = "/etc/passwd", "InvalidUploadMessageException", "storageKey"),
        Valid("storage-key-traversal-inside", fields => fields["storageKey"] = "uploads/../../../etc/passwd",
            "InvalidUploadMessageException", "storageKey"),
        Valid("storage-key-windows-traversal", fields => fields["storageKey"] = @"..\..\Windows\win.ini",
            "InvalidUploadMessageException", "storageKey"),
        Valid("storage-key-nothing-stored", fields => fields["storageKey"] = "uploads/stored/missing.png",
            "InvalidUploadMessageException", "Nothing is stored"),
        Valid("sha256-not-hex", fields => fields["sha256"] = new string('z', 64), "InvalidUploadMessageException", "sha256"),
        // Raw JSON is the endpoint's default deserializer, so a body of another content type is read as JSON and fails.
        new("xml-content-type", """<imageUploaded userId="bad-input:xml-content-type"/>""", "application/xml", BadMessage.Error,
            "System.Text.Json"),
        new("unknown-message-type",
            JsonSerializer.Serialize(new
            {
                messageId = "0f8fad5b-d9cb-469f-a165-70867728950e",
                messageType = new[] { "urn:message:Evil:DropAllTables" },
                message = new { userId = "bad-input:unknown-message-type" },
            }),
            "application/vnd.masstransit+json", BadMessage.Skipped),
    ];

    public DistributedDeployment Deployment { get; private set; } = null!;

    public HostProcess Orchestrator { get; private set; } = null!;

    string VirtualHost => Uri.EscapeDataString(Deployment.VirtualHost.Name);

    public async ValueTask InitializeAsync()
    {
        Deployment = await DistributedDeployment.CreateAsync();
        var path = Path.Combine(Deployment.ImageStoreRoot, StoredKey);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, TestImages.Read("coffee.png"));
        var started = await Task.WhenAll(Deployment.StartAsync("orchestrator"), Deployment.StartAsync("metadata"));
        Orchestrator = started[0];

        using var management = Deployment.VirtualHost.Broker.CreateManagementClient();
        foreach (var message in Messages)
        {
            using var published = await management.PostAsJsonAsync($"api/exchanges/{VirtualHost}/image-uploads/publish", new
            {
                properties = new { content_type = message.ContentType },
                routing_key = "",
                payload = message.Payload,
                payload_encoding = "string",
            });
            published.EnsureSuccessStatusCode();
            (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("routed").GetBoolean().ShouldBeTrue(message.Name);
        }

        _deadLetters = CollectAsync();
    }

    /// <summary>Every case's dead letter by case name, once all arrived or after <see cref="Patience"/>.</summary>
    public Task<Dictionary<string, DeadLetter>> DeadLettersAsync() => _deadLetters;

    public async Task<(string State, string? Reason)> WaitForSagaAsync(Guid imageId)
    {
        var deadline = DateTime.UtcNow + Patience;
        (string, string?) last = ("(none)", null);
        while (DateTime.UtcNow < deadline)
        {
            await using var connection = new NpgsqlConnection(Deployment.Database.ConnectionString);
            await connection.OpenAsync();
            await using var query = new NpgsqlCommand(
                """SELECT "CurrentState", "FailureReason" FROM image_analysis_sagas WHERE "CorrelationId" = @id""", connection);
            query.Parameters.AddWithValue("id", imageId);
            await using var row = await query.ExecuteReaderAsync();
            if (await row.ReadAsync())
            {
                last = (row.GetString(0), row.IsDBNull(1) ? null : row.GetString(1));
                if (last.Item1 is "Completed" or "Failed")
                    return last;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Saga {imageId} did not finish within {Patience}; last {last}.\n{Deployment.Logs}");
    }

    public async Task<List<Guid>> SagaIdsAsync()
    {
        await using var connection = new NpgsqlConnection(Deployment.Database.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("""SELECT "CorrelationId" FROM image_analysis_sagas""", connection);
        await using var rows = await query.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await rows.ReadAsync())
            ids.Add(rows.GetGuid(0));
        return ids;
    }

    /// <summary>
    /// Reads both dead-letter queues without taking from them (the management API's get with requeue), keyed by the case
    /// whose body each message has; polls until every case has arrived or the patience ends.
    /// </summary>
    async Task<Dictionary<string, DeadLetter>> CollectAsync()
    {
        using var management = Deployment.VirtualHost.Broker.CreateManagementClient();
        var deadline = DateTime.UtcNow + Patience;
        var found = new Dictionary<string, DeadLetter>();
        do
        {
            foreach (var queue in new[] { BadMessage.Error, BadMessage.Skipped })
            {
                using var response = await management.PostAsJsonAsync($"api/queues/{VirtualHost}/{queue}/get",
                    new { count = 100, ackmode = "ack_requeue_true", encoding = "auto", truncate = 100_000 });
                if (!response.IsSuccessStatusCode)
                    continue; // not declared yet
                foreach (var message in (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray())
                {
                    // A dead letter keeps the body it was published with.
                    var payload = message.GetProperty("payload").GetString() ?? "";
                    var name = Messages.FirstOrDefault(bad => bad.Payload == payload)?.Name ?? payload;
                    found[name] = new DeadLetter(queue,
                        message.GetProperty("properties").TryGetProperty("headers", out var headers) ? headers.Clone() : default);
                }
            }

            if (found.Count >= Messages.Count)
                break;
            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);

        return found;
    }

    static BadMessage Json(string name, string payload, string? exceptionType = null, string? reason = null) =>
        new(name, payload, "application/json", BadMessage.Error, exceptionType, reason);

    /// <summary>A valid claim check of the stored image, changed by <paramref name="spoil"/>.</summary>
    static BadMessage Valid(string name, Action<Dictionary<string, object>> spoil, string? exceptionType = null, string? reason = null)
    {
        var fields = new Dictionary<string, object>
        {
            ["imageId"] = Guid.NewGuid(),
            ["userId"] = $"bad-input:{name}",
            ["storageKey"] = StoredKey,
            ["sha256"] = StoredSha256,
            ["contentType"] = "image/png",
        };
        spoil(fields);
        return Json(name, JsonSerializer.Serialize(fields), exceptionType, reason);
    }

    public async ValueTask DisposeAsync()
    {
        if (Deployment is not null)
            await Deployment.DisposeAsync();
    }
}
