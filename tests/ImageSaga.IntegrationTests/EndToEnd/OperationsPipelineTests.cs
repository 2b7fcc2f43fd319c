using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSaga.IntegrationTests.Infrastructure;

namespace ImageSaga.IntegrationTests.EndToEnd;

/// <summary>Cancel, redrive and list through the HTTP API, with the orchestrator and the steps as processes on RabbitMQ and PostgreSQL.</summary>
public sealed class OperationsPipelineTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Cancels_a_running_analysis_and_redrives_a_failed_one_from_where_it_failed()
    {
        await using var deployment = await DistributedDeployment.CreateAsync();
        // No metadata service at first: analyses stay running, and time out after one short attempt.
        foreach (var step in new[] { "metadata", "fingerprint" })
        {
            deployment.Settings[$"ImageSaga__Analysis__Steps__{step}__TimeoutSeconds"] = "4";
            deployment.Settings[$"ImageSaga__Analysis__Steps__{step}__TimeoutRetries"] = "0";
        }

        await deployment.StartAsync("orchestrator");
        using var api = new ImageSagaApi((await deployment.StartAsync("api")).BaseAddress, DistributedDeployment.AdminKey);

        // Cancel mid-run: the history says who; a second cancel is a conflict; a late reply is absorbed.
        var running = await api.UploadAsync(TestImages.PathOf("coffee.png"), userId: "alice");
        await api.WaitForStateAsync(running, "Analyzing", Patience);
        using (var cancel = await api.Http.PostAsJsonAsync($"/api/images/{running}/cancel", new { requestedBy = "alice", reason = "wrong photo" }))
            cancel.StatusCode.ShouldBe(HttpStatusCode.Accepted, await cancel.Content.ReadAsStringAsync());
        (await api.WaitForStateAsync(running, "Cancelled", Patience)).GetProperty("steps").GetProperty("metadata").GetProperty("status").GetString()
            .ShouldBe("Cancelled");
        using (var again = await api.Http.PostAsync($"/api/images/{running}/cancel", null))
            await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "not-running");

        // Redrive: a run whose steps timed out fails; once the service is back, the redrive completes it.
        var failing = await api.UploadAsync(TestImages.PathOf("coffee.png"), userId: "alice");
        var failed = await api.WaitForOutcomeAsync(failing, Patience);
        failed.GetProperty("state").GetString().ShouldBe("Failed", deployment.Logs);
        failed.GetProperty("failure").GetProperty("reasonCode").GetString().ShouldBe("timed-out");

        await deployment.StartAsync("metadata");
        using (var redrive = await api.Http.PostAsJsonAsync($"/api/images/{failing}/redrive", new { requestedBy = "ops" }))
            redrive.StatusCode.ShouldBe(HttpStatusCode.Accepted, await redrive.Content.ReadAsStringAsync());
        var redriven = await api.WaitForStateAsync(failing, "Completed", Patience);
        redriven.GetProperty("metadata").GetProperty("format").GetString().ShouldBe("PNG");
        redriven.GetProperty("steps").GetProperty("metadata").GetProperty("attempts").GetInt32().ShouldBe(2);
        var history = await api.GetHistoryAsync(failing);
        history.EnumerateArray().ShouldContain(entry => entry.GetProperty("event").GetString() == "RedriveImageAnalysis"
            && entry.GetProperty("detail").GetString()!.Contains("redriven by ops", StringComparison.Ordinal));

        using (var completedRedrive = await api.Http.PostAsync($"/api/images/{failing}/redrive", null))
            await completedRedrive.ShouldBeProblemAsync(HttpStatusCode.Conflict, "not-failed");
        using (var unknown = await api.Http.PostAsync($"/api/images/{Guid.NewGuid()}/redrive", null))
            await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");

        // The cancelled run's command was still queued: the metadata service answered it, and the saga absorbed it.
        await Task.Delay(TimeSpan.FromSeconds(2));
        (await api.GetStatusAsync(running))!.Value.GetProperty("state").GetString().ShouldBe("Cancelled");

        // The list sees both, with counts by state.
        var list = await api.Http.GetFromJsonAsync<JsonElement>("/api/images?userId=alice&limit=1");
        list.GetProperty("items").GetArrayLength().ShouldBe(1);
        list.GetProperty("items")[0].GetProperty("imageId").GetGuid().ShouldBe(failing, "newest first");
        list.GetProperty("countsByState").GetProperty("Cancelled").GetInt32().ShouldBe(1);
        list.GetProperty("countsByState").GetProperty("Completed").GetInt32().ShouldBe(1);
        var next = await api.Http.GetFromJsonAsync<JsonElement>($"/api/images?userId=alice&limit=1&cursor={list.GetProperty("nextCursor").GetString()}");
        next.GetProperty("items")[0].GetProperty("imageId").GetGuid().ShouldBe(running);
        next.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
        using (var forged = await api.Http.GetAsync("/api/images?cursor=not-a-cursor"))
            await forged.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
    }
}
