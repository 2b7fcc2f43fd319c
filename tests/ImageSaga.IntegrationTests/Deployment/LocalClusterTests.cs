using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using ImageSaga.IntegrationTests.Infrastructure;

namespace ImageSaga.IntegrationTests.Deployment;

/// <summary>
/// <c>imagesaga up</c>, the documented way to run the distributed layout without Docker: one process per service
/// instance against real RabbitMQ and PostgreSQL, the scale as asked, and a clean stop of them all on SIGTERM.
/// </summary>
public sealed class LocalClusterTests
{
    const string AdminKey = "local-cluster-admin-key-0123456789";

    [Fact]
    public async Task Up_runs_every_service_as_its_own_process_at_the_asked_scale_and_stops_them_all()
    {
        var broker = await TestInfrastructure.RequireRabbitMqAsync();
        await using var virtualHost = await broker.CreateVirtualHostAsync();
        await using var database = await TestInfrastructure.CreatePostgresDatabaseAsync();
        var dataFolder = Directory.CreateTempSubdirectory("imagesaga-up-").FullName;
        var apiPort = HostProcess.FreePort();

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     HostProcess.BuiltDll("ImageSaga.Cli", "imagesaga.dll"), "up",
                     "--scale", "detection=2", "--scale", "classification=0", "--scale", "faces=0", "--scale", "moderation=0", "--scale", "enrichment=0",
                     "--rabbitmq", virtualHost.AmqpUri.ToString(), "--postgres", database.ConnectionString, "--data", dataFolder,
                     "--port", apiPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--admin-key", AdminKey,
                 })
            start.ArgumentList.Add(argument);
        // The services it starts inherit its environment: only the steps this layout runs are enabled.
        foreach (var step in new[] { "classification", "faces", "moderation", "enrichment" })
            start.Environment[$"ImageSaga__Analysis__Steps__{step}__Enabled"] = "false";
        start.Environment.Remove("IMAGESAGA_URL");

        var output = new StringBuilder();
        using var up = Process.Start(start)!;
        up.OutputDataReceived += (_, line) => Append(output, line.Data);
        up.ErrorDataReceived += (_, line) => Append(output, line.Data);
        up.BeginOutputReadLine();
        up.BeginErrorReadLine();
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (!Read(output).Contains("Ready: the API is at", StringComparison.Ordinal) && !up.HasExited && DateTime.UtcNow < deadline)
                await Task.Delay(250);
            Read(output).ShouldContain("Ready: the API is at", customMessage: Read(output));

            // One process per instance: detect-objects has two consumers, the other queues one, the disabled services none.
            (await virtualHost.ConsumersAsync("detect-objects", expected: 2)).ShouldBe(2);
            (await virtualHost.ConsumersAsync("extract-metadata", expected: 1)).ShouldBe(1);
            (await virtualHost.ConsumersAsync("image-analysis-saga", expected: 1)).ShouldBe(1);
            (await virtualHost.ConsumersAsync("notify-users", expected: 1)).ShouldBe(1);
            (await virtualHost.ConsumersAsync("classify-image", expected: 0)).ShouldBe(0);

            using var api = new ImageSagaApi(new Uri($"http://127.0.0.1:{apiPort}"), AdminKey);
            var imageId = await api.UploadAsync(TestImages.PathOf("coco_000000423617.jpg"), "cluster");
            var outcome = await api.WaitForOutcomeAsync(imageId, TimeSpan.FromSeconds(60));
            outcome.GetProperty("state").GetString().ShouldBe("Completed", Read(output));
            outcome.GetProperty("detection").GetProperty("objects").EnumerateArray().ShouldContain(found => found.GetProperty("label").GetString() == "bus");

            // SIGTERM to `up` stops every service gracefully, the orchestrator last, and `up` exits cleanly.
            kill(up.Id, 15).ShouldBe(0);
            using (var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(150)))
                await up.WaitForExitAsync(stopped.Token);
            var log = Read(output);
            up.ExitCode.ShouldBe(0, log);
            foreach (var instance in new[] { "api#1", "metadata#1", "detection#1", "detection#2", "notifications#1", "orchestrator#1" })
                log.ShouldContain($"[{instance}] stopped (exit code 0)");
            log.IndexOf("[orchestrator#1] stopped", StringComparison.Ordinal).ShouldBeGreaterThan(log.IndexOf("[detection#2] stopped", StringComparison.Ordinal));
            (await virtualHost.ConsumersAsync("detect-objects", expected: 0)).ShouldBe(0);
        }
        finally
        {
            if (!up.HasExited)
                up.Kill(entireProcessTree: true);
            try
            {
                Directory.Delete(dataFolder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    static void Append(StringBuilder output, string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
    }

    static string Read(StringBuilder output)
    {
        lock (output)
            return output.ToString();
    }

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int signal);
}
