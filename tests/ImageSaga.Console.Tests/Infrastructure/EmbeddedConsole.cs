namespace ImageSaga.Console.Tests.Infrastructure;

/// <summary>
/// The embedded default as a person runs it (<c>dotnet run --project src/ImageSaga.Host</c>): every service in one
/// process, in-memory transport, SQLite, bound to loopback so no API key is needed; and a browser. Started on first use,
/// after the browser is known to exist, and shared by the tests of one class.
/// </summary>
public sealed class EmbeddedConsole : IAsyncDisposable
{
    readonly string _dataFolder = Directory.CreateTempSubdirectory("imagesaga-console-").FullName;
    readonly Lazy<Task<HostProcess>> _host;
    readonly Lazy<Task<Guid>> _busPhoto;

    public EmbeddedConsole()
    {
        _host = new(() => HostProcess.StartAsync("embedded", "all", new Dictionary<string, string> { ["ImageSaga__DataFolder"] = _dataFolder }));
        _busPhoto = new(UploadBusPhotoAsync);
    }

    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(90);

    public ConsoleBrowser Browser { get; } = new();

    public async Task<HostProcess> HostAsync()
    {
        await Browser.RequireAsync();
        return await _host.Value;
    }

    public async Task<ConsolePage> OpenAsync(int width = 1280, int height = 800) =>
        await Browser.OpenAsync((await HostAsync()).BaseAddress, width: width, height: height);

    /// <summary>The COCO bus photo (buses, cars, a person), uploaded over the API and completed; once per class.</summary>
    public Task<Guid> CompletedBusPhotoAsync() => _busPhoto.Value;

    async Task<Guid> UploadBusPhotoAsync()
    {
        var host = await HostAsync();
        using var api = new ImageSagaApi(host.BaseAddress);
        var imageId = await api.UploadAsync(TestImages.PathOf(Photos.Bus));
        var status = await api.WaitForOutcomeAsync(imageId, Patience);
        status.GetProperty("state").GetString().ShouldBe("Completed", host.Log);
        return imageId;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host.IsValueCreated && _host.Value.IsCompletedSuccessfully)
            await (await _host.Value).DisposeAsync();
        await Browser.DisposeAsync();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The shared test photos the console tests use (see ../shared/images/IMAGES.md).</summary>
public static class Photos
{
    /// <summary>A street with two buses, cars and a person (COCO 423617).</summary>
    public const string Bus = "coco_000000423617.jpg";

    public const string Coffee = "coffee.png";

    public const string Cat = "cat_chelsea.png";

    public const string Rocket = "rocket.jpg";
}
