using System.Net.Http.Json;
using System.Text.Json;
using ImageSaga.IntegrationTests.EndToEnd;
using ImageSaga.IntegrationTests.Infrastructure;

namespace ImageSaga.IntegrationTests.Deployment;

/// <summary>
/// Scaling one service on its own: two detection processes are competing consumers of <c>detect-objects</c>, both do a
/// share of the work, their prefetch comes from configuration, and losing one mid-run loses nothing.
/// </summary>
public sealed class IndependentScalingTests
{
    const int Uploads = 100;
    const string DetectionQueue = "detect-objects";

    [Fact]
    public async Task Two_detection_processes_share_one_queue_and_losing_one_mid_run_loses_nothing()
    {
        await using var deployment = await DistributedDeployment.CreateAsync(withVision: true);
        // Detection is the service under test; the other vision steps and enrichment stay out of the way.
        foreach (var step in new[] { "classification", "faces", "moderation", "enrichment" })
            deployment.Settings[$"ImageSaga__Analysis__Steps__{step}__Enabled"] = "false";
        deployment.Settings[$"ImageSaga__Bus__Endpoints__{DetectionQueue}__PrefetchCount"] = "3";
        await deployment.StartAsync("orchestrator");
        await deployment.StartAsync("metadata");
        var detectionA = await deployment.StartAsync("detection");
        var detectionB = await deployment.StartAsync("detection");
        using var api = new ImageSagaApi((await deployment.StartAsync("api")).BaseAddress, DistributedDeployment.AdminKey);

        // What the management UI shows: one queue, two consumers, each with the configured prefetch.
        using var management = deployment.VirtualHost.Broker.CreateManagementClient();
        var vhost = Uri.EscapeDataString(deployment.VirtualHost.Name);
        (await deployment.VirtualHost.ConsumersAsync(DetectionQueue, expected: 2)).ShouldBe(2);
        var consumers = (await management.GetFromJsonAsync<JsonElement>($"api/consumers/{vhost}")).EnumerateArray()
            .Where(consumer => consumer.GetProperty("queue").GetProperty("name").GetString() == DetectionQueue).ToList();
        consumers.Count.ShouldBe(2);
        consumers.ShouldAllBe(consumer => consumer.GetProperty("prefetch_count").GetInt32() == 3);

        var photos = TestImages.AllPhotos().ToList();
        var uploads = new List<Guid>(Uploads);
        for (var i = 0; i < Uploads; i++)
            uploads.Add(await api.UploadAsync(photos[i % photos.Count], "scaling"));

        // Both take a share (each one's own step counter), then B is lost mid-run, as in a crash.
        using var httpA = new HttpClient { BaseAddress = detectionA.BaseAddress };
        using var httpB = new HttpClient { BaseAddress = detectionB.BaseAddress };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        double doneByA = 0, doneByB = 0;
        while (DateTime.UtcNow < deadline && (doneByA == 0 || doneByB == 0))
        {
            await Task.Delay(200);
            doneByA = await DetectionsAsync(httpA);
            doneByB = await DetectionsAsync(httpB);
        }

        doneByA.ShouldBeGreaterThan(0, deployment.Logs);
        doneByB.ShouldBeGreaterThan(0, deployment.Logs);
        doneByA.ShouldBeLessThan(Uploads, "B took some before it was lost");
        detectionB.Kill();

        foreach (var imageId in uploads)
        {
            var outcome = await api.WaitForOutcomeAsync(imageId, TimeSpan.FromSeconds(120));
            outcome.GetProperty("state").GetString().ShouldBe("Completed", $"{imageId}\n{deployment.Logs}");
            outcome.GetProperty("steps").GetProperty("detection").GetProperty("status").GetString().ShouldBe("Succeeded");
        }

        (await DetectionsAsync(httpA)).ShouldBeGreaterThan(doneByA, "A carried on with the rest");
        (await deployment.VirtualHost.ConsumersAsync(DetectionQueue, expected: 1)).ShouldBe(1);
    }

    /// <summary>How many detection commands the process has finished, from its own <c>/metrics</c>.</summary>
    static async Task<double> DetectionsAsync(HttpClient process) =>
        (await PrometheusScrape.ReadAsync(process)).Sum("imagesaga_step_duration_seconds_count", ("step", "detection"), ("outcome", "consumed")) ?? 0;
}
