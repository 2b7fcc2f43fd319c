using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSaga.IntegrationTests.Infrastructure;

namespace ImageSaga.IntegrationTests.EndToEnd;

/// <summary>Human review over HTTP, with every service its own process on RabbitMQ and PostgreSQL and the real models.</summary>
public sealed class ReviewPipelineTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    static readonly string[] PipelineServices =
        ["orchestrator", "metadata", "detection", "classification", "faces", "moderation", "enrichment"];

    [Fact]
    public async Task A_reviewer_approves_or_rejects_by_task_token_and_a_used_or_forged_token_is_refused()
    {
        await using var deployment = await DistributedDeployment.CreateAsync(withVision: true);
        // None of the test photos is flagged by moderation; an uncertainty threshold above every score sends each to review.
        deployment.Settings["ImageSaga__Analysis__Review__ClassificationConfidenceBelow"] = "0.999";
        await Task.WhenAll(PipelineServices.Select(deployment.StartAsync));
        using var api = new ImageSagaApi((await deployment.StartAsync("api")).BaseAddress, DistributedDeployment.AdminKey);

        var approvedImage = await api.UploadAsync(TestImages.PathOf("coffee.png"), userId: "alice");
        var rejectedImage = await api.UploadAsync(TestImages.PathOf("rocket.jpg"), userId: "alice");
        await api.WaitForStateAsync(approvedImage, "AwaitingReview", Patience, deployment.Logs);
        await api.WaitForStateAsync(rejectedImage, "AwaitingReview", Patience, deployment.Logs);

        var pending = await api.Http.GetFromJsonAsync<JsonElement>("/api/reviews");
        var approveToken = TokenOf(pending, approvedImage);
        var rejectToken = TokenOf(pending, rejectedImage);
        pending.EnumerateArray().First(review => review.GetProperty("imageId").GetGuid() == approvedImage)
            .GetProperty("reason").GetString()!.ShouldStartWith("classification: espresso");

        using (var forged = await Decide(api, approveToken[..^2] + "xx", "approve"))
            await forged.ShouldBeProblemAsync(HttpStatusCode.NotFound, "unknown-task-token");
        using (var noDecision = await Decide(api, approveToken, "maybe"))
            await noDecision.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid-request");

        using (var approve = await Decide(api, approveToken, "approve"))
            approve.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var approved = await api.WaitForStateAsync(approvedImage, "Completed", Patience, deployment.Logs);
        approved.GetProperty("review").GetProperty("decision").GetString().ShouldBe("approved");
        approved.GetProperty("review").GetProperty("reviewedBy").GetString().ShouldBe("rita");
        approved.GetProperty("insights").ValueKind.ShouldBe(JsonValueKind.Object, "approval continues to enrichment");
        using (var reused = await Decide(api, approveToken, "reject"))
            await reused.ShouldBeProblemAsync(HttpStatusCode.NotFound, "unknown-task-token");

        using (var reject = await Decide(api, rejectToken, "reject"))
            reject.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var rejected = await api.WaitForStateAsync(rejectedImage, "Rejected", Patience, deployment.Logs);
        rejected.GetProperty("review").GetProperty("decision").GetString().ShouldBe("rejected");
        var history = await api.GetHistoryAsync(rejectedImage);
        history.EnumerateArray().ShouldContain(entry => entry.GetProperty("event").GetString() == "SubmitReviewDecision"
            && entry.GetProperty("toState").GetString() == "Rejected");

        // The rejected original is moved to quarantine by the orchestrator (the default handling).
        var original = Path.Combine(deployment.ImageStoreRoot, "images", rejectedImage.ToString("N"), "original.jpg");
        var quarantined = Path.Combine(deployment.ImageStoreRoot, "quarantine", "images", rejectedImage.ToString("N"), "original.jpg");
        await WaitUntilAsync(() => File.Exists(quarantined) && !File.Exists(original));
        File.ReadAllBytes(quarantined).ShouldBe(TestImages.Read("rocket.jpg"));

        (await api.Http.GetFromJsonAsync<JsonElement>("/api/reviews")).GetArrayLength().ShouldBe(0);
    }

    static Task<HttpResponseMessage> Decide(ImageSagaApi api, string token, string decision) =>
        api.Http.PostAsJsonAsync($"/api/reviews/{token}", new { decision, reviewer = "rita" });

    static string TokenOf(JsonElement pending, Guid imageId) =>
        pending.EnumerateArray().Single(review => review.GetProperty("imageId").GetGuid() == imageId).GetProperty("taskToken").GetString()!;

    static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The condition did not hold within 30 s.");
            await Task.Delay(200);
        }
    }
}
