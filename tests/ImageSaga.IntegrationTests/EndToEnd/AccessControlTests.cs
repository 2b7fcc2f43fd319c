using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSaga.IntegrationTests.Infrastructure;

namespace ImageSaga.IntegrationTests.EndToEnd;

/// <summary>API keys in the distributed configuration: every request needs one, and a user never learns of another's images.</summary>
public sealed class AccessControlTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    static readonly string[] ReviewerRoles = ["user", "reviewer"];
    static readonly string[] AdminRole = ["admin"];

    [Fact]
    public async Task Keys_scope_every_query_and_operation_to_their_user_and_another_users_images_answer_404()
    {
        await using var deployment = await DistributedDeployment.CreateAsync();
        await deployment.StartAsync("orchestrator");
        await deployment.StartAsync("metadata");
        var baseAddress = (await deployment.StartAsync("api")).BaseAddress;
        using var admin = new ImageSagaApi(baseAddress, DistributedDeployment.AdminKey);

        using (var anonymous = new ImageSagaApi(baseAddress))
        {
            using var noKey = await anonymous.Http.GetAsync("/api/images");
            await noKey.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        using (var forged = new ImageSagaApi(baseAddress, "isk_000000000000_notarealsecretnotarealsecretnotareal"))
        {
            using var badKey = await forged.Http.GetAsync("/api/images");
            await badKey.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        using var alice = new ImageSagaApi(baseAddress, await CreateKeyAsync(admin, "alice"));
        using var bob = new ImageSagaApi(baseAddress, await CreateKeyAsync(admin, "bob"));
        using var rita = new ImageSagaApi(baseAddress, await CreateKeyAsync(admin, "rita", ReviewerRoles));
        using (var notAdmin = await alice.Http.PostAsJsonAsync("/api/keys", new { userId = "alice", roles = AdminRole }))
            await notAdmin.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        // Alice's upload is hers without saying so; she sees it, its history and her list.
        var imageId = await alice.UploadAsync(TestImages.PathOf("coffee.png"));
        var status = await alice.WaitForOutcomeAsync(imageId, Patience);
        status.GetProperty("userId").GetString().ShouldBe("alice", deployment.Logs);
        (await alice.GetHistoryAsync(imageId)).GetArrayLength().ShouldBeGreaterThan(0);
        (await alice.Http.GetFromJsonAsync<JsonElement>("/api/images")).GetProperty("items").GetArrayLength().ShouldBe(1);

        // Bob, guessing the id, finds nothing: not the status, the history, cancel, redrive, or her preferences.
        (await bob.GetStatusAsync(imageId)).ShouldBeNull();
        using (var history = await bob.Http.GetAsync($"/api/images/{imageId}/history"))
            await history.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        using (var cancel = await bob.Http.PostAsync($"/api/images/{imageId}/cancel", null))
            await cancel.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        using (var redrive = await bob.Http.PostAsync($"/api/images/{imageId}/redrive", null))
            await redrive.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        using (var preferences = await bob.Http.GetAsync("/api/users/alice/preferences"))
            await preferences.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        using (var notifications = await bob.Http.GetAsync("/api/users/alice/notifications"))
            await notifications.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        (await bob.Http.GetFromJsonAsync<JsonElement>("/api/images?userId=alice")).GetProperty("items").GetArrayLength()
            .ShouldBe(0, "a user's list is their own, whatever userId they ask for");
        using (var asAlice = await bob.PostFileAsync("coffee.png", TestImages.Read("coffee.png"), userId: "alice"))
            await asAlice.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        // Reviews need the reviewer role; an admin sees across users.
        using (var notReviewer = await bob.Http.GetAsync("/api/reviews"))
            notReviewer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await rita.Http.GetAsync("/api/reviews")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.GetStatusAsync(imageId)).ShouldNotBeNull();
        (await admin.Http.GetFromJsonAsync<JsonElement>("/api/images?userId=alice")).GetProperty("items").GetArrayLength().ShouldBe(1);

        // Health and the API description stay open.
        using var anonymousAgain = new ImageSagaApi(baseAddress);
        (await anonymousAgain.Http.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymousAgain.Http.GetAsync("/openapi/v1.json")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Uploads_are_rate_limited_per_user_and_say_when_to_retry()
    {
        await using var deployment = await DistributedDeployment.CreateAsync();
        deployment.Settings["ImageSaga__Api__Uploads__Burst"] = "2";
        deployment.Settings["ImageSaga__Api__Uploads__PermitsPerMinute"] = "2";
        var baseAddress = (await deployment.StartAsync("api")).BaseAddress;
        using var admin = new ImageSagaApi(baseAddress, DistributedDeployment.AdminKey);
        using var alice = new ImageSagaApi(baseAddress, await CreateKeyAsync(admin, "alice"));
        using var bob = new ImageSagaApi(baseAddress, await CreateKeyAsync(admin, "bob"));
        var photo = TestImages.Read("coffee.png");

        for (var i = 0; i < 2; i++)
        {
            using var accepted = await alice.PostFileAsync("coffee.png", photo);
            accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        using (var limited = await alice.PostFileAsync("coffee.png", photo))
        {
            await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
            int.Parse(limited.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 30);
        }

        // A batch counts as an upload too; another user has an allowance of their own; reading is not limited.
        using (var batch = new MultipartFormDataContent { { new ByteArrayContent(photo), "files", "coffee.png" } })
        using (var limitedBatch = await alice.Http.PostAsync("/api/batches", batch))
            await limitedBatch.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        using (var bobsUpload = await bob.PostFileAsync("coffee.png", photo))
            bobsUpload.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await alice.Http.GetAsync("/api/images")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    static async Task<string> CreateKeyAsync(ImageSagaApi admin, string userId, string[]? roles = null)
    {
        using var response = await admin.Http.PostAsJsonAsync("/api/keys", new { userId, roles, name = "test" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var key = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        key.ShouldStartWith("isk_");
        return key;
    }
}
