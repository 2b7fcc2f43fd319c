using System.CommandLine;
using Spectre.Console;

namespace ImageSaga.Cli.Commands;

/// <summary><c>keys create &lt;user&gt;</c>: an admin creates an API key; it is printed once.</summary>
public static class KeyCommands
{
    public static Command Create()
    {
        var user = new Argument<string>("user-id");
        var roles = new Option<string[]>("--role") { Description = "user (default), reviewer, admin; repeat for several", AllowMultipleArgumentsPerToken = true };
        var name = new Option<string?>("--name") { Description = "What the key is for" };
        var create = new Command("create", "Create an API key for a user (needs an admin key)") { user, roles, name };
        create.SetAction(async (parse, ct) => await ImageCommands.Run(parse, async client =>
        {
            var created = await client.PostAsync("/api/keys", new
            {
                userId = parse.GetValue(user),
                roles = parse.GetValue(roles) is { Length: > 0 } asked ? asked : null,
                name = parse.GetValue(name) ?? "",
            }, ct);
            AnsiConsole.MarkupLine($"Key for [bold]{Markup.Escape(created.GetProperty("userId").GetString() ?? "")}[/] (shown only now):");
            Console.WriteLine(created.GetProperty("key").GetString());
        }, ct));
        return new Command("keys", "API keys") { create };
    }
}
