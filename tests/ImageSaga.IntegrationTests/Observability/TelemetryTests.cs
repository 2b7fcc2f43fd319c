using System.Text.Json;
using ImageSaga.IntegrationTests.Infrastructure;

namespace ImageSaga.IntegrationTests.Observability;

/// <summary>What an operator sees of one upload: Prometheus metrics from the process, and JSON logs carrying the image id.</summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    static readonly string[] Steps = ["metadata", "fingerprint", "detection", "classification", "faces", "moderation"];
    static readonly string[] Models = ["yolox_nano", "squeezenet1.1", "yunet_2023mar", "nsfw_mobilenet_v2"];

    readonly string _dataFolder = Directory.CreateTempSubdirectory("imagesaga-telemetry-").FullName;
    HostProcess _host = null!;
    ImageSagaApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await HostProcess.StartAsync("embedded", "all", new Dictionary<string, string>
        {
            ["ImageSaga__DataFolder"] = _dataFolder,
            ["ImageSaga__Telemetry__LogFormat"] = "Json",
        });
        _api = new ImageSagaApi(_host.BaseAddress);
    }

    [Fact]
    public async Task Metrics_after_an_upload_show_step_latencies_inference_times_and_executions_by_state()
    {
        var before = await PrometheusScrape.ReadAsync(_api.Http);
        before.Sum("imagesaga_step_duration_seconds_count").ShouldBeNull("nothing was analysed yet");

        var imageId = await _api.UploadAsync(TestImages.PathOf("coffee.png"));
        (await _api.WaitForOutcomeAsync(imageId, TimeSpan.FromSeconds(60))).GetProperty("state").GetString().ShouldBe("Completed", _host.Log);

        // The state gauges are counted from the database every few seconds.
        var scrape = before;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && scrape.Sum("imagesaga_images", ("state", "Completed")) is not 1)
        {
            await Task.Delay(500);
            scrape = await PrometheusScrape.ReadAsync(_api.Http);
        }

        scrape.Sum("imagesaga_images", ("state", "Completed")).ShouldBe(1, scrape.Text);
        scrape.Sum("imagesaga_sagas_in_flight").ShouldBe(0, scrape.Text);
        foreach (var step in Steps)
        {
            scrape.Sum("imagesaga_step_duration_seconds_count", ("step", step), ("outcome", "consumed")).ShouldBe(1, $"{step}\n{scrape.Text}");
            scrape.Sum("imagesaga_step_duration_seconds_sum", ("step", step))!.Value.ShouldBeGreaterThan(0, step);
        }

        foreach (var model in Models)
            scrape.Sum("imagesaga_model_inference_duration_seconds_count", ("model", model)).ShouldBe(1, $"{model}\n{scrape.Text}");

        // MassTransit's own meter is exported beside ours.
        scrape.Text.ShouldContain("messaging_masstransit_");
    }

    [Fact]
    public async Task Json_logs_carry_the_image_id_of_the_message_being_consumed()
    {
        var imageId = await _api.UploadAsync(TestImages.PathOf("cat_chelsea.png"));
        (await _api.WaitForOutcomeAsync(imageId, TimeSpan.FromSeconds(60))).GetProperty("state").GetString().ShouldBe("Completed", _host.Log);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonElement? outcomeLine = null;
        while (outcomeLine is null && DateTime.UtcNow < deadline)
        {
            outcomeLine = JsonLines().Where(line => line.GetProperty("Category").GetString()!.EndsWith("AnalysisOutcomeConsumer", StringComparison.Ordinal)
                && line.TryGetProperty("Scopes", out var scopes)
                && scopes.EnumerateArray().Any(scope => scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("ImageId", out var id) && id.GetString() == imageId.ToString()))
                .Cast<JsonElement?>().FirstOrDefault();
            await Task.Delay(250);
        }

        outcomeLine.ShouldNotBeNull(_host.Log);
        outcomeLine.Value.GetProperty("LogLevel").GetString().ShouldBe("Information");
        outcomeLine.Value.GetProperty("State").GetProperty("UserId").GetString().ShouldBe("local");
    }

    /// <summary>Every line of the host's output that is a JSON object (all of them, in JSON format).</summary>
    List<JsonElement> JsonLines()
    {
        var lines = new List<JsonElement>();
        foreach (var line in _host.Log.Split('\n'))
        {
            if (!line.StartsWith('{'))
                continue;
            lines.Add(JsonDocument.Parse(line).RootElement.Clone());
        }

        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _host.DisposeAsync();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
