using System.Diagnostics;

namespace ImageSaga.IntegrationTests.Faults;

/// <summary>
/// Stops and starts the real local servers, as an operator's restart does: RabbitMQ's broker application
/// (<c>rabbitmqctl stop_app</c> / <c>start_app</c>: every connection closed, queues and persistent messages kept on
/// disk) and the PostgreSQL cluster (<c>pg_ctlcluster … stop -m fast</c>: every backend ended, open transactions rolled
/// back). For the chaos command only; the servers are the ones .ci/start-services.sh runs.
/// </summary>
public static class ServerRestart
{
    public static async Task RabbitMqAsync(TimeSpan downtime)
    {
        await RunAsync("rabbitmqctl", "-q", "stop_app");
        await Task.Delay(downtime);
        await RunAsync("rabbitmqctl", "-q", "start_app");
        await RunAsync("rabbitmqctl", "-q", "await_startup", "--timeout", "60");
    }

    public static async Task PostgresAsync(TimeSpan downtime)
    {
        // "15 main 5432 online postgres …": the cluster the tests use is the one on the default port.
        var clusters = await RunAsync("pg_lsclusters", "--no-header");
        var cluster = clusters.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(fields => fields.Length > 2 && fields[2] == "5432")
            ?? throw new InvalidOperationException($"No PostgreSQL cluster on port 5432 in pg_lsclusters:\n{clusters}");
        await RunAsync("pg_ctlcluster", cluster[0], cluster[1], "stop", "-m", "fast");
        await Task.Delay(downtime);
        await RunAsync("pg_ctlcluster", cluster[0], cluster[1], "start");
    }

    static async Task<string> RunAsync(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await errors}");
        return await output;
    }
}
