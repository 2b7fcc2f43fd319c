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
};
foreach (var command in ImageCommands.Create())
    root.Subcommands.Add(command);

return await root.Parse(args).InvokeAsync();
