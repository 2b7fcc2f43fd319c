using System.CommandLine;
using ImageSaga.Cli;
using ImageSaga.Cli.Commands;
using Spectre.Console;

// The ImageSaga command line: the HTTP API of a server (--server, --key) or of the pipeline run in this process (--data)
// for everything; RabbitMQ directly for `publish`.
if (Console.IsOutputRedirected)
    AnsiConsole.Profile.Width = 240;

var root = new RootCommand("ImageSaga: analyse photos with durable sagas")
{
    CliOptions.Server,
    CliOptions.Key,
    CliOptions.Data,
    AnalyzeCommand.Create(),
    ReviewCommands.Create(),
    KeyCommands.Create(),
    PublishCommand.Create(),
    ServeCommand.Create(),
    UpCommand.Create(),
};
foreach (var command in ImageCommands.Create())
    root.Subcommands.Add(command);

// Ctrl+C and SIGTERM cancel the command's token and every command honours it: `up` stops its services gracefully,
// which takes longer than System.CommandLine's default grace before it ends the process forcibly (2 s).
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
