using System.Diagnostics;
using ImageSaga.IntegrationTests.Infrastructure;

namespace ImageSaga.IntegrationTests.EndToEnd;

/// <summary>The <c>imagesaga</c> command line against the embedded host, as a user runs it.</summary>
public sealed class CliTests : IAsyncLifetime
{
    readonly string _dataFolder = Directory.CreateTempSubdirectory("imagesaga-cli-").FullName;
    HostProcess _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await HostProcess.StartAsync("embedded", "all", new Dictionary<string, string> { ["ImageSaga__DataFolder"] = _dataFolder });

    [Fact]
    public async Task Analyze_on_the_shared_photos_prints_every_result()
    {
        var photos = TestImages.AllPhotos().ToList();
        var (exitCode, output) = await RunAsync("analyze", Path.GetDirectoryName(photos[0])!, "--server", _host.BaseAddress.ToString());

        exitCode.ShouldBe(0, output);
        foreach (var photo in photos)
            output.ShouldContain(Path.GetFileName(photo), customMessage: output);
        output.Split('\n').Count(line => line.Contains("Completed", StringComparison.Ordinal)).ShouldBe(photos.Count, output);
        output.ShouldContain("espresso");
        output.ShouldContain("bus");

        var (listExit, list) = await RunAsync("list", "--limit", "50", "--server", _host.BaseAddress.ToString());
        listExit.ShouldBe(0, list);
        list.ShouldContain($"Completed: {photos.Count}");
    }

    [Fact]
    public async Task Refusals_print_the_reason_and_exit_non_zero()
    {
        var (exitCode, output) = await RunAsync("status", Guid.NewGuid().ToString(), "--server", _host.BaseAddress.ToString());

        exitCode.ShouldBe(1);
        output.ShouldContain("not-found");
    }

    [Fact]
    public async Task Publish_puts_a_photo_on_rabbitmq_directly_and_it_is_analysed()
    {
        await using var deployment = await DistributedDeployment.CreateAsync();
        await deployment.StartAsync("orchestrator");
        await deployment.StartAsync("metadata");
        using var api = new ImageSagaApi((await deployment.StartAsync("api")).BaseAddress, DistributedDeployment.AdminKey);

        var (exitCode, output) = await RunAsync("publish", TestImages.PathOf("coffee.png"), "--store", deployment.ImageStoreRoot,
            "--rabbitmq", deployment.VirtualHost.AmqpUri.ToString(), "--user", "dora");

        exitCode.ShouldBe(0, output);
        var imageId = Guid.Parse(output.Trim().Split('\n')[^1].Trim());
        var status = await api.WaitForOutcomeAsync(imageId, TimeSpan.FromSeconds(60));
        status.GetProperty("state").GetString().ShouldBe("Completed", deployment.Logs);
        status.GetProperty("userId").GetString().ShouldBe("dora");
        status.GetProperty("originalFileName").GetString().ShouldBe("coffee.png");
    }

    static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(HostProcess.BuiltDll("ImageSaga.Cli", "imagesaga.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    public async ValueTask DisposeAsync()
    {
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
