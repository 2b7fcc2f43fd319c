using System.Diagnostics;
using System.Text.RegularExpressions;
using ImageSaga.IntegrationTests.Infrastructure;

namespace ImageSaga.IntegrationTests.EndToEnd;

/// <summary>The <c>imagesaga</c> command line against the embedded host, as a user runs it.</summary>
public sealed partial class CliTests : IAsyncLifetime
{
    readonly string _dataFolder = Directory.CreateTempSubdirectory("imagesaga-cli-").FullName;
    HostProcess _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await HostProcess.StartAsync("embedded", "all", new Dictionary<string, string> { ["ImageSaga__DataFolder"] = _dataFolder });

    [Fact]
    public async Task Analyze_on_the_shared_photos_prints_every_result()
    {
        var photos = TestImages.AllPhotos().ToList();
        var (exitCode, output) = await RunAsync("analyze", Path.GetDirectoryName(photos[0])!, "--max-in-flight", "3", "--server", _host.BaseAddress.ToString());

        exitCode.ShouldBe(0, output);
        // A folder goes up as one batch, run at most three at a time.
        var batch = BatchSummary().Match(output);
        batch.Success.ShouldBeTrue(output);
        batch.Groups["total"].Value.ShouldBe(photos.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        batch.Groups["completed"].Value.ShouldBe(batch.Groups["total"].Value);
        int.Parse(batch.Groups["peak"].Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 3);
        batch.Groups["limit"].Value.ShouldBe("3");
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
    public async Task Without_a_server_the_pipeline_runs_in_the_cli_process_and_its_executions_outlast_it()
    {
        var localData = Path.Combine(_dataFolder, "in-process");
        var (exitCode, output) = await RunAsync("analyze", TestImages.PathOf("coffee.png"), TestImages.PathOf("cat_chelsea.png"), "--data", localData);

        exitCode.ShouldBe(0, output);
        output.ShouldContain("running the pipeline in this process");
        output.Split('\n').Count(line => line.Contains("Completed", StringComparison.Ordinal)).ShouldBe(2, output);
        output.ShouldContain("espresso");
        File.Exists(Path.Combine(localData, "imagesaga.db")).ShouldBeTrue("the executions are stored in the data folder");

        // A second command, a new process, reads the same durable executions.
        var (listExit, list) = await RunAsync("list", "--data", localData);
        listExit.ShouldBe(0, list);
        list.ShouldContain("Completed: 2");
        list.ShouldContain("coffee.png");
    }

    [Fact]
    public async Task Analyze_refuses_a_missing_file_before_starting_anything()
    {
        var (exitCode, output) = await RunAsync("analyze", Path.Combine(_dataFolder, "no-such-photo.jpg"), "--data", Path.Combine(_dataFolder, "unused"));

        exitCode.ShouldBe(2);
        output.ShouldContain("No such file or folder");
        Directory.Exists(Path.Combine(_dataFolder, "unused")).ShouldBeFalse();
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

    [GeneratedRegex(@"Batch [0-9a-f-]{36}: (?<total>\d+) images, (?<completed>\d+) completed.*at most (?<peak>\d+) in flight \(limit (?<limit>\d+)\)")]
    private static partial Regex BatchSummary();

    static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(HostProcess.BuiltDll("ImageSaga.Cli", "imagesaga.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("IMAGESAGA_URL");
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
