using ImageSaga.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ImageSaga.Cli.InProcess;

/// <summary>
/// The whole pipeline inside the CLI process when no server is named: the embedded configuration (in-memory bus,
/// SQLite, a local data folder) behind the same HTTP API, on a loopback port of its own, so every command works the
/// same way with or without a server. Executions are durable in the data folder, so a later command can read them.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    const string LockFileName = "imagesaga.lock";

    readonly WebApplication _app;
    readonly FileStream _lock;

    InProcessServer(WebApplication app, FileStream folderLock, Uri address)
    {
        _app = app;
        _lock = folderLock;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<InProcessServer> StartAsync(string dataFolder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataFolder);
        // Two pipelines on one data folder would both run its durable scheduler and each other's timeouts, over two
        // in-memory buses that cannot see each other; one at a time is the rule, enforced by an OS file lock.
        FileStream folderLock;
        try
        {
            folderLock = new FileStream(Path.Combine(dataFolder, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new InProcessServerUnavailableException(
                $"Another imagesaga command is running the pipeline in {dataFolder}. Wait for it, pass --data <another folder>, or --server <url>.");
        }

        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ImageSaga:Services"] = "all",
                ["ImageSaga:DataFolder"] = dataFolder,
                ["ImageSaga:Bus:Transport"] = "InMemory",
                ["ImageSaga:Persistence:Provider"] = "Sqlite",
                ["ImageSaga:Persistence:MigrateOnStart"] = "true",
            });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            // The command's own output is the interface; the pipeline speaks up only when something is wrong.
            // A rule for the provider itself outranks the services' per-category defaults.
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.AddFilter<ConsoleLoggerProvider>(category: null, LogLevel.Error);

            var services = builder.AddImageSaga();
            var app = await builder.BuildImageSagaAsync(services);
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new InProcessServer(app, folderLock, new Uri(address));
        }
        catch
        {
            await folderLock.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // A graceful stop: in-flight messages finish or stay durable in the saga database for the next run.
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        await _lock.DisposeAsync();
    }
}

/// <summary>The pipeline cannot run in this process now; the message says what to do instead.</summary>
public sealed class InProcessServerUnavailableException(string message) : Exception(message);
