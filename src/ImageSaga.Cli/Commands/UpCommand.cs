using System.CommandLine;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using ImageSaga.Cli.LocalCluster;
using ImageSaga.ServiceDefaults;
using Spectre.Console;

namespace ImageSaga.Cli.Commands;

/// <summary>
/// <c>up</c>: the distributed layout on one machine without Docker. Every service is its own process (<c>serve</c>)
/// against a local RabbitMQ and PostgreSQL, with as many instances of each as <c>--scale</c> asks; Ctrl+C or SIGTERM
/// stops them all gracefully (SIGTERM to each, then a wait), the API first and the orchestrator last.
/// </summary>
public static class UpCommand
{
    static readonly TimeSpan ReadyWithin = TimeSpan.FromMinutes(2);

    /// <summary>Each service's own shutdown timeout, plus time for the process to exit.</summary>
    static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(40);

    public static Command Create()
    {
        var scale = new Option<string[]>("--scale") { Description = "service=N, repeatable (e.g. --scale detection=3); default one of each", AllowMultipleArgumentsPerToken = true };
        var rabbit = new Option<string>("--rabbitmq")
        {
            Description = "RabbitMQ (default: $IMAGESAGA_RABBITMQ, else amqp://guest:guest@localhost:5672/)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("IMAGESAGA_RABBITMQ") is { Length: > 0 } uri ? uri : "amqp://guest:guest@localhost:5672/",
        };
        var postgres = new Option<string>("--postgres")
        {
            Description = "PostgreSQL connection string (default: $IMAGESAGA_POSTGRES, else Host=localhost;Username=imagesaga;Password=imagesaga;Database=imagesaga)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("IMAGESAGA_POSTGRES") is { Length: > 0 } connection
                ? connection
                : "Host=localhost;Username=imagesaga;Password=imagesaga;Database=imagesaga",
        };
        var port = new Option<int>("--port") { Description = "The API's port (the other services take free ports)", DefaultValueFactory = _ => 5080 };
        var adminKey = new Option<string?>("--admin-key")
        {
            Description = "The API's admin key (default: $IMAGESAGA_ADMIN_KEY, else a new one, printed)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("IMAGESAGA_ADMIN_KEY"),
        };
        var verbose = new Option<bool>("--verbose") { Description = "Show every service's information logs, not only warnings and errors" };
        var command = new Command("up", "Run every service as its own process against a local RabbitMQ and PostgreSQL, until Ctrl+C")
        {
            scale, rabbit, postgres, port, adminKey, verbose,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            ClusterPlan plan;
            try
            {
                plan = ClusterPlan.Parse(parse.GetValue(scale) ?? []);
            }
            catch (ArgumentException invalid)
            {
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(invalid.Message)}[/]");
                return 2;
            }

            var key = parse.GetValue(adminKey) is { Length: >= 16 } given ? given : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            var environment = new Dictionary<string, string>
            {
                ["ImageSaga__Bus__Transport"] = "RabbitMQ",
                ["ImageSaga__Bus__RabbitMq__Uri"] = parse.GetValue(rabbit)!,
                ["ImageSaga__Persistence__Provider"] = "Postgres",
                ["ImageSaga__Persistence__ConnectionString"] = parse.GetValue(postgres)!,
                ["ImageSaga__DataFolder"] = Path.GetFullPath(parse.GetValue(CliOptions.Data)!),
                ["ImageSaga__Api__AdminKey"] = key,
                ["Logging__LogLevel__Default"] = parse.GetValue(verbose) ? "Information" : "Warning",
                ["DOTNET_NOLOGO"] = "1",
            };
            return await RunAsync(plan, environment, parse.GetValue(port), key, cancellationToken);
        });
        return command;
    }

    static async Task<int> RunAsync(ClusterPlan plan, Dictionary<string, string> environment, int apiPort, string adminKey, CancellationToken cancellationToken)
    {
        // Ctrl+C and SIGTERM (a supervisor, `kill`) start the graceful stop instead of ending this process at once,
        // which would leave the services running without their supervisor.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stopping.Cancel();
        }

        var output = new object();
        void Write(string name, string line)
        {
            lock (output)
                Console.WriteLine($"[{name}] {line}");
        }

        var children = new List<ServiceProcess>();
        try
        {
            Console.WriteLine($"Starting {plan.Services.Sum(service => service.Instances)} processes on RabbitMQ and PostgreSQL; data in {environment["ImageSaga__DataFolder"]}");
            foreach (var (service, instances) in plan.Services)
            {
                var started = Enumerable.Range(1, instances)
                    .Select(instance => ServiceProcess.Start(service, instance, service == ServiceSelection.Api && instance == 1 ? apiPort : ServiceProcess.FreePort(), environment, Write))
                    .ToList();
                children.AddRange(started);
                // The orchestrator creates the database schema; the others wait for it rather than race it.
                if (service == ServiceSelection.Orchestrator && !await AllReadyAsync(started, stopping.Token))
                    return 1;
            }

            if (!await AllReadyAsync(children, stopping.Token))
                return 1;

            var table = new Table().AddColumns("Service", "PID", "Health and metrics", "Consumes");
            foreach (var child in children)
                table.AddRow(child.Name, child.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), child.Address.ToString(), Queues(child.Service));
            AnsiConsole.Write(table);
            Console.WriteLine($"Ready: the API is at http://127.0.0.1:{apiPort}/ (admin key: {adminKey}). Ctrl+C stops every process.");

            // Running: until asked to stop, or until a service dies (reported, the rest keep running).
            var reported = new HashSet<ServiceProcess>();
            while (!stopping.IsCancellationRequested)
            {
                foreach (var died in children.Where(child => child.HasExited && reported.Add(child)))
                    Write(died.Name, $"exited with code {died.ExitCode}; the other processes keep running");
                await Task.Delay(500, stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            return await StopAllAsync(children, Write) && reported.Count == 0 ? 0 : 1;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return await StopAllAsync(children, Write) ? 0 : 1;
        }
        finally
        {
            foreach (var child in children)
                child.Dispose();
        }
    }

    static async Task<bool> AllReadyAsync(IReadOnlyList<ServiceProcess> children, CancellationToken cancellationToken)
    {
        var ready = await Task.WhenAll(children.Select(child => child.WaitUntilReadyAsync(ReadyWithin, cancellationToken)));
        foreach (var (child, isReady) in children.Zip(ready).Where(pair => !pair.Second))
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(child.Name)} did not become ready{(child.HasExited ? $" (exited with code {child.ExitCode})" : "")}; stopping.[/]");
        if (ready.All(isReady => isReady))
            return true;
        await StopAllAsync(children, (_, _) => { });
        return false;
    }

    /// <summary>The API first (no new uploads), the step services next, the orchestrator last (it collects their replies).</summary>
    static async Task<bool> StopAllAsync(IReadOnlyList<ServiceProcess> children, Action<string, string> write)
    {
        var clean = true;
        foreach (var stage in new Func<ServiceProcess, bool>[]
                 {
                     child => child.Service == ServiceSelection.Api,
                     child => child.Service is not (ServiceSelection.Api or ServiceSelection.Orchestrator),
                     child => child.Service == ServiceSelection.Orchestrator,
                 })
        {
            var stopping = children.Where(stage).Where(child => !child.HasExited).ToList();
            foreach (var child in stopping)
                child.RequestStop();
            var stoppedByThemselves = await Task.WhenAll(stopping.Select(child => child.WaitForExitAsync(StopWithin)));
            foreach (var (child, byItself) in stopping.Zip(stoppedByThemselves))
            {
                write(child.Name, byItself ? $"stopped (exit code {child.ExitCode})" : $"did not stop within {StopWithin.TotalSeconds:0} s and was killed");
                clean &= byItself && child.ExitCode == 0;
            }
        }

        return clean;
    }

    static string Queues(string service) => service switch
    {
        ServiceSelection.Orchestrator => "image-analysis-saga, image-uploads, imagesaga-scheduler, image-batches, …",
        ServiceSelection.Metadata => "extract-metadata, compute-fingerprint",
        ServiceSelection.Detection => "detect-objects",
        ServiceSelection.Classification => "classify-image",
        ServiceSelection.Faces => "detect-faces",
        ServiceSelection.Moderation => "moderate-content",
        ServiceSelection.Enrichment => "enrich-image-analysis",
        ServiceSelection.Notifications => "notify-users, deliver-webhooks",
        _ => "HTTP API",
    };
}
