using ImageSaga.IntegrationTests.EndToEnd;
using ImageSaga.IntegrationTests.Infrastructure;

namespace ImageSaga.IntegrationTests.Deployment;

/// <summary>
/// SIGTERM is how every orchestrator (Docker, Kubernetes, systemd) stops a process, for every deploy and scale-in: the
/// service must stop taking messages, finish or return what it holds, and exit in time, and nothing may be lost.
/// </summary>
public sealed class GracefulShutdownTests
{
    const int Uploads = 40;
    static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Sigterm_to_a_busy_step_service_exits_in_time_and_loses_nothing()
    {
        await using var deployment = await DistributedDeployment.CreateAsync();
        deployment.Settings["ImageSaga__Shutdown__Timeout"] = ShutdownTimeout.ToString();
        await deployment.StartAsync("orchestrator");
        var metadata = await deployment.StartAsync("metadata");
        using var api = new ImageSagaApi((await deployment.StartAsync("api")).BaseAddress, DistributedDeployment.AdminKey);

        var photos = TestImages.AllPhotos().ToList();
        var uploads = new List<Guid>();
        for (var i = 0; i < Uploads; i++)
            uploads.Add(await api.UploadAsync(photos[i % photos.Count], "sigterm"));

        // Mid-run: some images done, others queued or in the metadata service's hands.
        var firstDone = await api.WaitForOutcomeAsync(uploads[0], TimeSpan.FromSeconds(60));
        firstDone.GetProperty("state").GetString().ShouldBe("Completed", deployment.Logs);
        var (exitCode, took) = await metadata.TerminateAsync(ShutdownTimeout + TimeSpan.FromSeconds(15));

        exitCode.ShouldBe(0, metadata.Log);
        took.ShouldBeLessThan(ShutdownTimeout + TimeSpan.FromSeconds(10), metadata.Log);

        // A replacement takes over whatever was returned to the queue or never taken.
        await deployment.StartAsync("metadata");
        foreach (var imageId in uploads)
        {
            var outcome = await api.WaitForOutcomeAsync(imageId, TimeSpan.FromSeconds(90));
            outcome.GetProperty("state").GetString().ShouldBe("Completed", $"{imageId}\n{deployment.Logs}");
        }
    }
}
