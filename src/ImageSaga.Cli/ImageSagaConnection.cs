using System.CommandLine;
using ImageSaga.Cli.InProcess;
using Spectre.Console;

namespace ImageSaga.Cli;

/// <summary>
/// What a command talks to: the server <c>--server</c> (or <c>$IMAGESAGA_URL</c>) names, or, without one, the pipeline
/// started in this process on the <c>--data</c> folder. Either way the command sees the same HTTP API.
/// </summary>
public sealed class ImageSagaConnection : IAsyncDisposable
{
    readonly InProcessServer? _inProcess;

    ImageSagaConnection(ImageSagaClient client, InProcessServer? inProcess)
    {
        Client = client;
        _inProcess = inProcess;
    }

    public ImageSagaClient Client { get; }

    public bool IsInProcess => _inProcess is not null;

    /// <summary>Connects to the named server, or starts the pipeline here. Unusable options throw <see cref="ArgumentException"/>.</summary>
    public static async Task<ImageSagaConnection> OpenAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (parse.GetValue(CliOptions.Server) is { Length: > 0 } server)
        {
            return Uri.TryCreate(server, UriKind.Absolute, out var address) && address.Scheme is "http" or "https"
                ? new ImageSagaConnection(new ImageSagaClient(address, parse.GetValue(CliOptions.Key)), null)
                : throw new ArgumentException($"--server must be an http or https URL, not '{server}'.");
        }

        var dataFolder = Path.GetFullPath(parse.GetValue(CliOptions.Data)!);
        // Stderr, so that stdout stays the command's answer for scripts.
        Console.Error.WriteLine($"No --server: running the pipeline in this process (data in {dataFolder}).");
        var inProcess = await InProcessServer.StartAsync(dataFolder, cancellationToken);
        return new ImageSagaConnection(new ImageSagaClient(inProcess.Address, apiKey: null), inProcess);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_inProcess is not null)
            await _inProcess.DisposeAsync();
    }

    /// <summary>
    /// Runs a command against a connection; refusals and unreachable or unstartable servers print their reason and
    /// exit 1 rather than a stack trace.
    /// </summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<ImageSagaClient, Task<int>> action, CancellationToken cancellationToken)
    {
        ImageSagaConnection connection;
        try
        {
            connection = await OpenAsync(parse, cancellationToken);
        }
        catch (ArgumentException invalid)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(invalid.Message)}[/]");
            return 2;
        }
        catch (Exception cannotStart) when (cannotStart is not OperationCanceledException)
        {
            AnsiConsole.MarkupLine($"[red]Cannot run the pipeline in this process: {Markup.Escape(cannotStart.Message)}[/]");
            return 1;
        }

        await using (connection)
        {
            try
            {
                return await action(connection.Client);
            }
            catch (ApiException refused)
            {
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(refused.Message)}[/]");
                return 1;
            }
            catch (HttpRequestException unreachable)
            {
                AnsiConsole.MarkupLine($"[red]Cannot reach {Markup.Escape(connection.Client.Server.ToString())}: {Markup.Escape(unreachable.Message)}[/]");
                return 1;
            }
        }
    }
}
