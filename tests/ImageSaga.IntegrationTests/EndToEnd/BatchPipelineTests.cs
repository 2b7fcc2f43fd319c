using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSaga.IntegrationTests.Infrastructure;

namespace ImageSaga.IntegrationTests.EndToEnd;

/// <summary>Batches (a Map state with MaxConcurrency) through the HTTP API, on RabbitMQ and PostgreSQL.</summary>
public sealed class BatchPipelineTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    static readonly string[] RunningStates = ["Analyzing", "Enriching", "AwaitingReview"];

    [Fact]
    public async Task A_batch_of_twenty_never_has_more_than_four_in_flight_and_finishes_every_image()
    {
        await using var deployment = await DistributedDeployment.CreateAsync();
        await deployment.StartAsync("orchestrator");
        await deployment.StartAsync("metadata");
        using var api = new ImageSagaApi((await deployment.StartAsync("api")).BaseAddress, DistributedDeployment.AdminKey);

        var photos = TestImages.AllPhotos().ToList();
        using var form = new MultipartFormDataContent();
        for (var i = 0; i < 20; i++)
        {
            var file = new ByteArrayContent(await File.ReadAllBytesAsync(photos[i % photos.Count]));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "files", $"{i:00}-{Path.GetFileName(photos[i % photos.Count])}");
        }

        form.Add(new StringContent("carol"), "userId");
        form.Add(new StringContent("4"), "maxInFlight");
        using var submitted = await api.Http.PostAsync("/api/batches", form);
        submitted.StatusCode.ShouldBe(HttpStatusCode.Accepted, await submitted.Content.ReadAsStringAsync());
        var batchId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batchId").GetGuid();

        // Watch it run: at no sample are more than four of its images running.
        var deadline = DateTime.UtcNow + Patience;
        JsonElement status = default;
        var samples = 0;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await api.Http.GetAsync($"/api/batches/{batchId}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                status = await response.Content.ReadFromJsonAsync<JsonElement>();
                samples++;
                var running = status.GetProperty("images").EnumerateArray().Count(image => RunningStates.Contains(image.GetProperty("state").GetString()));
                running.ShouldBeLessThanOrEqualTo(4, $"sample {samples}: {status}");
                if (status.GetProperty("state").GetString() == "Finished")
                    break;
            }

            await Task.Delay(100);
        }

        status.GetProperty("state").GetString().ShouldBe("Finished", deployment.Logs);
        status.GetProperty("total").GetInt32().ShouldBe(20);
        status.GetProperty("completed").GetInt32().ShouldBe(20);
        status.GetProperty("peakInFlight").GetInt32().ShouldBe(4, "it ran as wide as allowed, and no wider");
        status.GetProperty("images").EnumerateArray().ShouldAllBe(image => image.GetProperty("state").GetString() == "Completed");
        status.GetProperty("images").GetArrayLength().ShouldBe(20);
        samples.ShouldBeGreaterThan(3);

        // Each image is an ordinary analysis of its own, listed for its owner.
        var list = await api.Http.GetFromJsonAsync<JsonElement>("/api/images?userId=carol&limit=200");
        list.GetProperty("items").GetArrayLength().ShouldBe(20);
    }

    [Fact]
    public async Task A_batch_with_one_bad_file_is_refused_whole_and_stores_nothing()
    {
        await using var deployment = await DistributedDeployment.CreateAsync();
        using var api = new ImageSagaApi((await deployment.StartAsync("api")).BaseAddress, DistributedDeployment.AdminKey);

        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(TestImages.Read("coffee.png")), "files", "coffee.png");
        form.Add(new ByteArrayContent("not a photo"u8.ToArray()), "files", "notes.jpg");
        using var response = await api.Http.PostAsync("/api/batches", form);

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("reasonCode").GetString().ShouldBe("unsupported-format");
        problem.GetProperty("detail").GetString()!.ShouldStartWith("notes.jpg:");
        (Directory.Exists(deployment.ImageStoreRoot) ? Directory.EnumerateFiles(deployment.ImageStoreRoot, "*", SearchOption.AllDirectories) : [])
            .ShouldBeEmpty("nothing of a refused batch is stored");

        using var unknown = await api.Http.GetAsync($"/api/batches/{Guid.NewGuid()}");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_batch_may_be_larger_than_one_upload_but_not_than_the_batch_limit()
    {
        await using var deployment = await DistributedDeployment.CreateAsync();
        deployment.Settings["ImageSaga__Limits__MaxImageBytes"] = "300000";
        deployment.Settings["ImageSaga__Limits__MaxBatchBytes"] = "1000000";
        using var api = new ImageSagaApi((await deployment.StartAsync("api")).BaseAddress, DistributedDeployment.AdminKey);

        // One file over the per-image limit: refused while the body is read, as a problem, not a server error.
        using (var single = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Read("astronaut.png")), "file", "astronaut.png" } })
        using (var response = await api.Http.PostAsync("/api/images", single))
            await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "too-large");

        // Three files under it, together over it: one batch is allowed its own, larger limit.
        string[] small = ["cat_chelsea.png", "rocket.jpg", "coco_000000000790.jpg"];
        TestImages.Read(small[0]).Length.ShouldBeLessThan(300000);
        small.Sum(name => (long)TestImages.Read(name).Length).ShouldBeGreaterThan(300000);
        using (var batch = Form(small))
        using (var response = await api.Http.PostAsync("/api/batches", batch))
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var stored = Directory.EnumerateFiles(deployment.ImageStoreRoot, "*", SearchOption.AllDirectories).Count();
        stored.ShouldBe(3);

        // Five of them are over the batch limit: refused whole, nothing more stored.
        using (var tooMuch = Form(Enumerable.Repeat("cat_chelsea.png", 5)))
        using (var response = await api.Http.PostAsync("/api/batches", tooMuch))
            await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "too-large");
        Directory.EnumerateFiles(deployment.ImageStoreRoot, "*", SearchOption.AllDirectories).Count().ShouldBe(stored);
    }

    static MultipartFormDataContent Form(IEnumerable<string> photos)
    {
        var form = new MultipartFormDataContent();
        foreach (var photo in photos)
        {
            var file = new ByteArrayContent(TestImages.Read(photo));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "files", photo);
        }

        return form;
    }
}
