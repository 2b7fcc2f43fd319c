using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ImageSaga.IntegrationTests.Infrastructure;

namespace ImageSaga.IntegrationTests.Security;

/// <summary>
/// Tenant isolation on every endpoint the API publishes, read from its own OpenAPI document so that a new endpoint
/// cannot be added without being classified here: without a key every one answers 401; with another user's key,
/// every one that names Alice's image, batch or profile answers 404 or 403 and no answer mentions her image. Each probe
/// also runs with Alice's own key where she may, so a 404 means "not yours", not "wrong URL".
/// Runs on the embedded host (one process, in-memory transport, SQLite) with keys required: access control lives in
/// the API, which is the same code in every deployment.
/// </summary>
public sealed class TenantIsolationTests : IAsyncLifetime
{
    const string AdminKey = "tenant-isolation-admin-key-long-enough";
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    static readonly string[] UserRole = ["user"];

    EmbeddedHostWithKeys _deployment = null!;

    HostProcess Host => _deployment.Host;

    ImageSagaApi Admin => _deployment.Admin;

    public async ValueTask InitializeAsync() => _deployment = await EmbeddedHostWithKeys.StartAsync("isolation", "all", AdminKey);

    [Fact]
    public async Task Every_endpoint_but_health_and_the_api_document_requires_a_key()
    {
        var operations = await PublishedOperationsAsync();
        using var anonymous = new ImageSagaApi(Host.BaseAddress);
        var ids = new TenantIds(Guid.NewGuid(), Guid.NewGuid(), "alice", "review-token");

        foreach (var operation in operations)
        {
            using var response = await SendAsync(anonymous.Http, operation, ids, Body(operation, "alice"));
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{operation} without a key");
        }

        (await anonymous.Http.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.Http.GetAsync("/openapi/v1.json")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Another_users_key_finds_nothing_of_alices_on_any_endpoint()
    {
        using var alice = new ImageSagaApi(Host.BaseAddress, await CreateKeyAsync("alice"));
        using var bob = new ImageSagaApi(Host.BaseAddress, await CreateKeyAsync("bob"));
        var imageId = await alice.UploadAsync(TestImages.PathOf("coffee.png"));
        (await alice.WaitForOutcomeAsync(imageId, Patience)).GetProperty("state").GetString().ShouldBe("Completed", Host.Log);
        var batchId = await SubmitBatchAsync(alice);
        var ids = new TenantIds(imageId, batchId, "alice", "not-a-token-of-bobs");

        foreach (var operation in await PublishedOperationsAsync())
        {
            var expectation = Expectations.GetValueOrDefault(operation)
                ?? throw new ShouldAssertException($"{operation} is published but not classified in {nameof(TenantIsolationTests)}: "
                    + "say what another user must get from it.");

            using var asBob = await SendAsync(bob.Http, operation, ids, Body(operation, "alice"));
            var bobSees = await ReadAsync(asBob);
            asBob.StatusCode.ShouldBe(expectation.ForAnotherUser, $"{operation} as Bob: {bobSees}");
            if (operation.Contains('{', StringComparison.Ordinal))
            {
                // Alice's ids answer exactly as ids that never existed, so they cannot even be probed for.
                var nobody = new TenantIds(Guid.NewGuid(), Guid.NewGuid(), "nobody-" + Guid.NewGuid().ToString("N")[..8], "another-token");
                using var unknown = await SendAsync(bob.Http, operation, nobody, Body(operation, nobody.UserId));
                unknown.StatusCode.ShouldBe(asBob.StatusCode, operation);
                Anonymised(await ReadAsync(unknown), nobody).ShouldBe(Anonymised(bobSees, ids), operation);
            }
            else
            {
                bobSees.ShouldNotContain(imageId.ToString(), Case.Insensitive, $"{operation} as Bob mentions Alice's image");
            }

            if (expectation.ForTheOwner is { } owner)
            {
                using var asAlice = await SendAsync(alice.Http, operation, ids, Body(operation, "alice"));
                asAlice.StatusCode.ShouldBe(owner, $"{operation} as Alice: {await ReadAsync(asAlice)}");
            }
        }

        // Listing with Alice's id as a filter still lists only Bob's own.
        var filtered = await bob.Http.GetStringAsync("/api/images?userId=alice");
        filtered.ShouldNotContain(imageId.ToString(), Case.Insensitive);
    }

    /// <summary>What another user, and the owner, get from each published operation.</summary>
    static readonly Dictionary<string, Expectation> Expectations = new()
    {
        ["GET /api/me"] = new(HttpStatusCode.OK, HttpStatusCode.OK),
        ["GET /api/statemachine"] = new(HttpStatusCode.OK, HttpStatusCode.OK),
        ["GET /api/images/{imageId}/thumbnail"] = new(HttpStatusCode.NotFound, HttpStatusCode.OK),
        ["GET /api/system/queues"] = new(HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
        ["POST /api/keys"] = new(HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
        ["POST /api/images"] = new(HttpStatusCode.Forbidden, null),
        ["GET /api/images"] = new(HttpStatusCode.OK, HttpStatusCode.OK),
        ["GET /api/images/{imageId}"] = new(HttpStatusCode.NotFound, HttpStatusCode.OK),
        ["GET /api/images/{imageId}/history"] = new(HttpStatusCode.NotFound, HttpStatusCode.OK),
        ["POST /api/images/{imageId}/cancel"] = new(HttpStatusCode.NotFound, null),
        ["POST /api/images/{imageId}/redrive"] = new(HttpStatusCode.NotFound, null),
        ["GET /api/users/{userId}/preferences"] = new(HttpStatusCode.NotFound, HttpStatusCode.OK),
        ["PUT /api/users/{userId}/preferences"] = new(HttpStatusCode.NotFound, null),
        ["GET /api/users/{userId}/notifications"] = new(HttpStatusCode.NotFound, HttpStatusCode.OK),
        ["GET /api/users/{userId}/notifications/stream"] = new(HttpStatusCode.NotFound, HttpStatusCode.OK),
        ["GET /api/reviews"] = new(HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
        ["POST /api/reviews/{token}"] = new(HttpStatusCode.Forbidden, HttpStatusCode.Forbidden),
        ["POST /api/batches"] = new(HttpStatusCode.Forbidden, null),
        ["GET /api/batches/{batchId}"] = new(HttpStatusCode.NotFound, HttpStatusCode.OK),
    };

    async Task<IReadOnlyList<string>> PublishedOperationsAsync()
    {
        var document = await Admin.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(method => $"{method.Name.ToUpperInvariant()} {path.Name}"))
            .ToList();
        operations.Count.ShouldBeGreaterThan(15, "the API document lists the API's endpoints");
        return operations;
    }

    /// <summary>The body, or as much of it as arrives in two seconds (the notification stream never ends).</summary>
    static async Task<string> ReadAsync(HttpResponseMessage response)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await using var body = await response.Content.ReadAsStreamAsync(patience.Token);
        using var text = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while (text.Length < 1024 * 1024 && (read = await body.ReadAsync(buffer, patience.Token)) > 0)
                text.Write(buffer, 0, read);
        }
        catch (OperationCanceledException)
        {
        }

        return Encoding.UTF8.GetString(text.ToArray());
    }

    /// <summary>An answer with the ids it was asked about, and the per-request trace id, taken out.</summary>
    static string Anonymised(string body, TenantIds ids) =>
        System.Text.RegularExpressions.Regex.Replace(body, "\"traceId\":\"[^\"]*\"", "\"traceId\":\"\"")
            .Replace(ids.ImageId.ToString(), "{imageId}", StringComparison.OrdinalIgnoreCase)
            .Replace(ids.BatchId.ToString(), "{batchId}", StringComparison.OrdinalIgnoreCase)
            .Replace(ids.UserId, "{userId}", StringComparison.Ordinal)
            .Replace(ids.ReviewToken, "{token}", StringComparison.Ordinal);

    static async Task<HttpResponseMessage> SendAsync(HttpClient http, string operation, TenantIds ids, HttpContent? body)
    {
        var (method, template) = (operation[..operation.IndexOf(' ')], operation[(operation.IndexOf(' ') + 1)..]);
        var path = template
            .Replace("{imageId}", ids.ImageId.ToString(), StringComparison.Ordinal)
            .Replace("{batchId}", ids.BatchId.ToString(), StringComparison.Ordinal)
            .Replace("{userId}", ids.UserId, StringComparison.Ordinal)
            .Replace("{token}", ids.ReviewToken, StringComparison.Ordinal);
        path.ShouldNotContain("{", customMessage: $"{operation} has a route parameter this test does not know");
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body };
        // The notification stream stays open when allowed: headers are enough to judge it, then it is dropped.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
    }

    /// <summary>A body that would be accepted from its owner, so only the caller's identity can explain a refusal.</summary>
    static HttpContent? Body(string operation, string userId) => operation switch
    {
        "POST /api/images" => ImageForm("file", userId),
        "POST /api/batches" => ImageForm("files", userId),
        "POST /api/keys" => JsonContent.Create(new { userId, roles = UserRole, name = "probe" }),
        "PUT /api/users/{userId}/preferences" => new StringContent("""{"interests":["coffee"]}""", Encoding.UTF8, "application/json"),
        "POST /api/reviews/{token}" => JsonContent.Create(new { decision = "approve" }),
        _ => null,
    };

    static MultipartFormDataContent ImageForm(string field, string userId)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Read("coffee.png")), field, "coffee.png" } };
        form.Add(new StringContent(userId), "userId");
        return form;
    }

    static async Task<Guid> SubmitBatchAsync(ImageSagaApi owner)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Read("coffee.png")), "files", "coffee.png" } };
        using var response = await owner.Http.PostAsync("/api/batches", form);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batchId").GetGuid();
    }

    async Task<string> CreateKeyAsync(string userId)
    {
        using var response = await Admin.Http.PostAsJsonAsync("/api/keys", new { userId, roles = UserRole, name = "isolation" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    public ValueTask DisposeAsync() => _deployment.DisposeAsync();

    sealed record TenantIds(Guid ImageId, Guid BatchId, string UserId, string ReviewToken);

    /// <summary>The status another user gets, and the owner's (null where the owner's call would change things).</summary>
    sealed record Expectation(HttpStatusCode ForAnotherUser, HttpStatusCode? ForTheOwner);
}
