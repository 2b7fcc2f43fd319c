using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSaga.IntegrationTests.Infrastructure;

namespace ImageSaga.IntegrationTests.Hostile;

/// <summary>
/// Every case of the <see cref="HostileCorpus"/> uploaded at once over HTTP to one real embedded host (in-memory bus,
/// SQLite, all services), with an ordinary photo among them. The fixture runs the uploads; each test asserts one fact
/// about what happened, so a failing case is named by its own test.
/// </summary>
public sealed class HostileInputTests(HostileUploads uploads, ITestOutputHelper output) : IClassFixture<HostileUploads>
{
    public static TheoryData<string> Cases => HostileCorpus.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Ends_each_hostile_upload_as_documented(string name)
    {
        var hostile = HostileCorpus.Get(name);
        var result = await uploads.ResultOfAsync(name);
        var context = $"{name}: expected {HostileCorpus.Describe(hostile)} ({hostile.Why}); got {result}\n--- host log\n{uploads.Host.Log}";

        result.Error.ShouldBeNull(context);
        if (hostile.Outcome == HostileOutcome.RejectedAtUpload)
        {
            result.Status.ShouldBe(hostile.Status!.Value, context);
            result.ContentType.ShouldBe("application/problem+json", context);
            var problem = result.Body!.Value;
            problem.GetProperty("reasonCode").GetString().ShouldBe(hostile.ReasonCode, context);
            problem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace(context);
            return;
        }

        result.Status.ShouldBe(HttpStatusCode.Accepted, context);
        // Bounded, never a hang: the fixture gave up waiting after HostileUploads.Patience.
        var status = result.Outcome.ShouldNotBeNull(context);
        // Whatever went wrong, every step that did not succeed says why with a reason code of its own.
        foreach (var step in status.GetProperty("steps").EnumerateObject())
        {
            var reason = step.Value.GetProperty("reasonCode");
            if (reason.ValueKind != JsonValueKind.Null)
                reason.GetString().ShouldNotBe("step-faulted", $"{step.Name} threw instead of reporting a typed failure. {context}");
        }

        if (hostile.Outcome == HostileOutcome.FailedWithReason)
        {
            status.GetProperty("state").GetString().ShouldBe("Failed", context);
            status.GetProperty("failure").GetProperty("reasonCode").GetString().ShouldBe(hostile.ReasonCode, context);
            return;
        }

        status.GetProperty("state").GetString().ShouldBe("Completed", context);
        status.GetProperty("warnings").EnumerateArray().Select(warning => warning.GetString()).ShouldBe(hostile.Warnings ?? [], context);
        foreach (var (path, expected) in hostile.Expect ?? new Dictionary<string, string?>())
            Scalar(status, path).ShouldBe(expected, $"{path}: {context}");
    }

    [Fact]
    public async Task Keeps_analysing_an_ordinary_photo_uploaded_among_the_hostile_ones()
    {
        var status = (await uploads.OrdinaryPhotoAsync()).ShouldNotBeNull(uploads.Host.Log);

        status.GetProperty("state").GetString().ShouldBe("Completed", uploads.Host.Log);
        status.GetProperty("warnings").GetArrayLength().ShouldBe(0, uploads.Host.Log);
        status.GetProperty("metadata").GetProperty("camera").GetProperty("model").GetString().ShouldBe("Canon EOS 5D Mark IV");
        status.GetProperty("detection").GetProperty("objects").EnumerateArray()
            .ShouldContain(detected => detected.GetProperty("label").GetString() == "cup");
    }

    [Fact]
    public async Task Starts_a_saga_for_exactly_the_accepted_uploads()
    {
        var accepted = await uploads.AcceptedImageIdsAsync();
        var page = await uploads.Api.Http.GetFromJsonAsync<JsonElement>("/api/images?limit=200");

        page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("imageId").GetGuid())
            .ShouldBe(accepted, ignoreOrder: true, "a refused upload must not start a saga");
        Directory.EnumerateDirectories(Path.Combine(uploads.DataFolder, "images", "images")).Count()
            .ShouldBe(accepted.Count, "a refused upload must not be stored");
    }

    [Fact]
    public async Task Survives_the_corpus_alive_and_within_its_memory_bound()
    {
        var results = await uploads.ResultsAsync();
        foreach (var (hostile, result) in HostileCorpus.All.Zip(results))
            output.WriteLine($"{hostile.Name,-36} {hostile.Bytes.Length,9:N0} B  {result.Took.TotalSeconds,5:F1} s  {result}");

        uploads.Host.HasExited.ShouldBeFalse(uploads.Host.Log);
        using (var live = await uploads.Api.Http.GetAsync("/health/live"))
            live.StatusCode.ShouldBe(HttpStatusCode.OK);
        var peak = HostileUploads.PeakResidentBytes(uploads.Host.ProcessId);
        output.WriteLine($"Peak RSS of the host: {peak / 1_000_000:N0} MB (bound {HostileUploads.PeakMemoryBound / 1_000_000:N0} MB).");
        peak.ShouldBeLessThan(HostileUploads.PeakMemoryBound,
            $"peak RSS {peak / 1_000_000} MB over {HostileUploads.PeakMemoryBound / 1_000_000} MB while analysing the corpus");
    }

    /// <summary>A dotted path into the status JSON, as a string (numbers as written), or null when absent or null.</summary>
    static string? Scalar(JsonElement element, string path)
    {
        foreach (var name in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                return null;
        }

        return element.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => element.GetString(),
            _ => element.GetRawText(),
        };
    }
}

/// <summary>What one upload came to: the HTTP answer and, when it was accepted, the saga's final status.</summary>
public sealed record HostileUploadResult(HttpStatusCode? Status, string? ContentType, JsonElement? Body, JsonElement? Outcome, string? Error,
    TimeSpan Took)
{
    public Guid? ImageId => Status == HttpStatusCode.Accepted ? Body?.GetProperty("imageId").GetGuid() : null;

    public override string ToString() => Error
        ?? (Outcome is { } outcome
            ? $"{(int?)Status} then {outcome.GetProperty("state").GetString()} (failure {outcome.GetProperty("failure")}, warnings {outcome.GetProperty("warnings")})"
            : $"{(int?)Status} {ContentType} {Body}");
}

/// <summary>
/// One embedded host with its own data folder, and every hostile case uploaded to it concurrently (the way a burst of
/// bad input arrives), an ordinary photo right behind them. Each accepted upload is followed to its final state for at
/// most <see cref="Patience"/>.
/// </summary>
public sealed class HostileUploads : IAsyncLifetime
{
    /// <summary>
    /// How long an accepted upload may take to reach Completed or Failed. The whole corpus takes well under a minute on
    /// two cores; a step that hung would only be timed out by the saga after its 60-s deadline and two re-sends, so
    /// this still tells a hang from a busy machine.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>
    /// The host's peak resident memory while it analyses the corpus. About 300 MB is the host with its models loaded;
    /// the largest image the limits admit (100 MP) decodes to 300 MB as Rgb24 and needs about as much again while
    /// it is resized, so 1.5 GB leaves room for everything else in flight and none for unbounded decoding.
    /// </summary>
    public const long PeakMemoryBound = 1_500_000_000;

    const string OrdinaryPhoto = "exif_camera_gps_coffee.jpg";

    readonly Dictionary<string, Task<HostileUploadResult>> _results = [];
    Task<JsonElement?> _ordinary = null!;

    public string DataFolder { get; } = Directory.CreateTempSubdirectory("imagesaga-hostile-").FullName;

    public HostProcess Host { get; private set; } = null!;

    public ImageSagaApi Api { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Host = await HostProcess.StartAsync("embedded", "all", new Dictionary<string, string>
        {
            ["ImageSaga__DataFolder"] = DataFolder,
            // Keep the log the tests print on failure about ImageSaga, not every SQL statement.
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning",
        });
        Api = new ImageSagaApi(Host.BaseAddress);

        foreach (var hostile in HostileCorpus.All)
            _results[hostile.Name] = UploadAndFollowAsync(hostile);
        _ordinary = FollowOrdinaryPhotoAsync();
    }

    public Task<HostileUploadResult> ResultOfAsync(string name) => _results[name];

    /// <summary>Every case's result, in corpus order, once all (and the ordinary photo) are done.</summary>
    public async Task<IReadOnlyList<HostileUploadResult>> ResultsAsync()
    {
        await _ordinary;
        return await Task.WhenAll(HostileCorpus.All.Select(hostile => _results[hostile.Name]));
    }

    public Task<JsonElement?> OrdinaryPhotoAsync() => _ordinary;

    public async Task<List<Guid>> AcceptedImageIdsAsync()
    {
        var results = await ResultsAsync();
        var ordinary = await _ordinary;
        var accepted = results.Select(result => result.ImageId).OfType<Guid>().ToList();
        if (ordinary is { } status)
            accepted.Add(status.GetProperty("imageId").GetGuid());
        return accepted;
    }

    /// <summary>VmHWM of /proc/&lt;pid&gt;/status: the most resident memory the process has had, in bytes.</summary>
    public static long PeakResidentBytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").Single(line => line.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    async Task<HostileUploadResult> UploadAndFollowAsync(HostileCase hostile)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await Api.PostFileAsync(hostile.FileName, hostile.Bytes);
            var contentType = response.Content.Headers.ContentType?.MediaType;
            var text = await response.Content.ReadAsStringAsync();
            JsonElement? body = contentType?.Contains("json", StringComparison.Ordinal) == true ? JsonDocument.Parse(text).RootElement.Clone() : null;
            if (response.StatusCode != HttpStatusCode.Accepted)
                return new(response.StatusCode, contentType, body, null, null, Stopwatch.GetElapsedTime(started));

            var imageId = body!.Value.GetProperty("imageId").GetGuid();
            try
            {
                var outcome = await Api.WaitForOutcomeAsync(imageId, Patience);
                return new(response.StatusCode, contentType, body, outcome, null, Stopwatch.GetElapsedTime(started));
            }
            catch (TimeoutException timeout)
            {
                return new(response.StatusCode, contentType, body, null, $"accepted, then no final state within {Patience}: {timeout.Message}",
                    Stopwatch.GetElapsedTime(started));
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            return new(null, null, null, null, $"{exception.GetType().Name}: {exception.Message} (host exited: {Host.HasExited})",
                Stopwatch.GetElapsedTime(started));
        }
    }

    async Task<JsonElement?> FollowOrdinaryPhotoAsync()
    {
        // Behind the burst, so it queues with the hostile work instead of finishing before it starts.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var imageId = await Api.UploadAsync(TestImages.PathOf(OrdinaryPhoto), userId: "ordinary");
        try
        {
            return await Api.WaitForOutcomeAsync(imageId, Patience);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Task.WhenAll(_results.Values);
        }
        finally
        {
            Api?.Dispose();
            if (Host is not null)
                await Host.DisposeAsync();
            try
            {
                Directory.Delete(DataFolder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
