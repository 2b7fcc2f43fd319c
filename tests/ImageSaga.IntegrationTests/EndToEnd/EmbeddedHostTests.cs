using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSaga.IntegrationTests.Infrastructure;

namespace ImageSaga.IntegrationTests.EndToEnd;

/// <summary>
/// The embedded default exactly as a newcomer runs it: one process, in-memory transport, SQLite and a local data
/// folder, no servers at all.
/// </summary>
public sealed class EmbeddedHostTests : IAsyncLifetime
{
    readonly string _dataFolder = Directory.CreateTempSubdirectory("imagesaga-embedded-").FullName;
    HostProcess _host = null!;
    ImageSagaApi _api = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await HostProcess.StartAsync("embedded", "all", new Dictionary<string, string> { ["ImageSaga__DataFolder"] = _dataFolder });
        _api = new ImageSagaApi(_host.BaseAddress);
    }

    [Fact]
    public async Task Analyses_an_uploaded_photo_to_completed_with_real_metadata_and_fingerprint()
    {
        var imageId = await _api.UploadAsync(TestImages.PathOf("exif_orientation_6_gps_cat.jpg"));
        var status = await _api.WaitForOutcomeAsync(imageId, TimeSpan.FromSeconds(30));

        status.GetProperty("state").GetString().ShouldBe("Completed", _host.Log);
        var metadata = status.GetProperty("metadata");
        metadata.GetProperty("orientation").GetInt32().ShouldBe(6);
        metadata.GetProperty("orientedWidth").GetInt32().ShouldBe(451);
        metadata.GetProperty("orientedHeight").GetInt32().ShouldBe(300);
        metadata.GetProperty("gps").GetProperty("longitude").GetDouble().ShouldBe(-122.419416, 1e-4);
        metadata.GetProperty("camera").GetProperty("make").GetString().ShouldBe("Apple");

        var fingerprint = status.GetProperty("fingerprint");
        fingerprint.GetProperty("thumbnailWidth").GetInt32().ShouldBe(256);
        fingerprint.GetProperty("dominantColors").GetArrayLength().ShouldBe(5);
        File.Exists(Path.Combine(_dataFolder, "images", fingerprint.GetProperty("thumbnailKey").GetString()!)).ShouldBeTrue();
        File.Exists(Path.Combine(_dataFolder, "imagesaga.db")).ShouldBeTrue();

        // All six steps answered, the vision ones on the upright image.
        var steps = status.GetProperty("steps");
        foreach (var step in new[] { "metadata", "fingerprint", "detection", "classification", "faces", "moderation" })
        {
            steps.GetProperty(step).GetProperty("status").GetString().ShouldBe("Succeeded", step);
            steps.GetProperty(step).GetProperty("attempts").GetInt32().ShouldBe(1, step);
        }

        status.GetProperty("detection").GetProperty("objects").EnumerateArray()
            .ShouldContain(detected => detected.GetProperty("label").GetString() == "cat");
        status.GetProperty("classification").GetProperty("top").EnumerateArray().Take(3)
            .ShouldContain(label => label.GetProperty("label").GetString()!.Contains("cat", StringComparison.Ordinal));
        status.GetProperty("faces").GetProperty("count").GetInt32().ShouldBe(0);
        status.GetProperty("moderation").GetProperty("flagged").GetBoolean().ShouldBeFalse();
    }

    [Theory]
    [InlineData("empty.jpg", 0, HttpStatusCode.BadRequest, "unsupported-format")]
    [InlineData("notes.jpg", 1, HttpStatusCode.UnsupportedMediaType, "unsupported-format")]
    [InlineData("truncated.png", 2, (HttpStatusCode)422, "corrupt")]
    [InlineData("bomb.png", 3, HttpStatusCode.RequestEntityTooLarge, "too-large")]
    public async Task Refuses_bad_uploads_with_problem_details(string fileName, int kind, HttpStatusCode expected, string reasonCode)
    {
        byte[] content = kind switch
        {
            0 => [],
            1 => "just some text, not a photo"u8.ToArray(),
            2 => TestImages.Read("coffee.png")[..100_000],
            _ => TestImages.PngWithDeclaredSize(width: 20_000, height: 20_000),
        };

        using var response = await _api.PostFileAsync(fileName, content);

        response.StatusCode.ShouldBe(expected);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("reasonCode").GetString().ShouldBe(reasonCode);
        problem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Answers_not_found_with_problem_details_for_an_unknown_image()
    {
        using var response = await _api.Http.GetAsync($"/api/images/{Guid.NewGuid()}");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reasonCode").GetString().ShouldBe("not-found");
    }

    [Fact]
    public async Task Describes_every_operation_in_an_openapi_document_with_an_interactive_reference()
    {
        var document = await _api.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        document.GetProperty("info").GetProperty("title").GetString().ShouldBe("ImageSaga API");
        var paths = document.GetProperty("paths").EnumerateObject().Select(path => path.Name).ToList();
        paths.ShouldContain("/api/images");
        paths.ShouldContain("/api/images/{imageId}");
        paths.ShouldContain("/api/images/{imageId}/history");
        paths.ShouldContain("/api/images/{imageId}/cancel");
        paths.ShouldContain("/api/images/{imageId}/redrive");
        paths.ShouldContain("/api/reviews/{token}");
        paths.ShouldContain("/api/users/{userId}/preferences");
        paths.ShouldContain("/api/users/{userId}/notifications/stream");

        using var reference = await _api.Http.GetAsync("/scalar");
        reference.StatusCode.ShouldBe(HttpStatusCode.OK);
        reference.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
    }

    [Fact]
    public async Task Reports_live_and_ready()
    {
        (await _api.Http.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _api.Http.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
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
