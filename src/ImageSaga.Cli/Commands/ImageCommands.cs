using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace ImageSaga.Cli.Commands;

/// <summary>One execution at a time: status, history, watch, cancel, redrive; and the list.</summary>
public static class ImageCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Single("status", "Show an analysis: state, steps, results", async (client, id, ct) =>
        {
            var status = await client.GetAsync($"/api/images/{id}", ct);
            WriteStatus(status);
        });
        yield return Single("history", "Show an analysis's execution history", async (client, id, ct) =>
        {
            var table = new Table().AddColumns("#", "At", "Event", "From", "To", "Detail");
            foreach (var entry in (await client.GetAsync($"/api/images/{id}/history", ct)).EnumerateArray())
            {
                table.AddRow(entry.GetProperty("sequence").ToString(), entry.GetProperty("at").GetString() ?? "", Markup.Escape(entry.GetProperty("event").GetString() ?? ""),
                    entry.GetProperty("fromState").GetString() ?? "", entry.GetProperty("toState").GetString() ?? "",
                    Markup.Escape(entry.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : ""));
            }

            AnsiConsole.Write(table);
        });
        yield return Single("watch", "Follow an analysis live until it ends", async (client, id, ct) =>
        {
            string? last = null;
            while (!ct.IsCancellationRequested)
            {
                var status = await client.GetAsync($"/api/images/{id}", ct);
                var steps = string.Join(", ", status.GetProperty("steps").EnumerateObject().Select(step => $"{step.Name} {step.Value.GetProperty("status").GetString()}"));
                var line = $"{status.GetProperty("state").GetString()}: {steps}";
                if (line != last)
                    AnsiConsole.MarkupLine($"[grey]{DateTime.Now:HH:mm:ss}[/] {Markup.Escape(line)}");
                last = line;
                if (status.GetProperty("state").GetString() is "Completed" or "Failed" or "Cancelled" or "Rejected")
                    return;
                await Task.Delay(500, ct);
            }
        });
        yield return Single("cancel", "Cancel a running analysis", async (client, id, ct) =>
        {
            await client.PostAsync($"/api/images/{id}/cancel", null, ct);
            AnsiConsole.MarkupLine($"Cancel of {id} accepted.");
        });
        yield return Single("redrive", "Re-run a failed analysis from where it failed", async (client, id, ct) =>
        {
            await client.PostAsync($"/api/images/{id}/redrive", null, ct);
            AnsiConsole.MarkupLine($"Redrive of {id} accepted.");
        });

        var state = new Option<string?>("--state") { Description = "Only this state (Analyzing, Completed, Failed, …)" };
        var label = new Option<string?>("--label") { Description = "Only images with this detected or classified label" };
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 50 };
        var list = new Command("list", "List analyses, newest first") { state, label, limit };
        list.SetAction(async (parse, ct) => await Run(parse, async client =>
        {
            var query = $"/api/images?limit={parse.GetValue(limit)}" + (parse.GetValue(state) is { } s ? $"&state={Uri.EscapeDataString(s)}" : "")
                + (parse.GetValue(label) is { } l ? $"&label={Uri.EscapeDataString(l)}" : "");
            var page = await client.GetAsync(query, ct);
            var table = new Table().AddColumns("Image", "User", "State", "File", "Created", "Labels");
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                table.AddRow(item.GetProperty("imageId").GetString()!, Markup.Escape(item.GetProperty("userId").GetString() ?? ""), item.GetProperty("state").GetString() ?? "",
                    Markup.Escape(item.GetProperty("originalFileName").GetString() ?? ""), item.GetProperty("createdAt").GetString() ?? "",
                    Markup.Escape(string.Join(", ", item.GetProperty("labels").EnumerateArray().Select(x => x.GetString()))));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(string.Join("  ", page.GetProperty("countsByState").EnumerateObject().Select(count => $"{count.Name}: {count.Value}")));
        }, ct));
        yield return list;
    }

    static Command Single(string name, string description, Func<ImageSagaClient, Guid, CancellationToken, Task> action)
    {
        var id = new Argument<Guid>("image-id") { Description = "The image id the upload returned" };
        var command = new Command(name, description) { id };
        command.SetAction((parse, ct) => Run(parse, client => action(client, parse.GetValue(id), ct), ct));
        return command;
    }

    /// <summary>Runs a command that has no answer of its own beyond what it prints: exit 0, or 1 with the reason.</summary>
    public static Task<int> Run(ParseResult parse, Func<ImageSagaClient, Task> action, CancellationToken cancellationToken) =>
        ImageSagaConnection.RunAsync(parse, async client =>
        {
            await action(client);
            return 0;
        }, cancellationToken);

    static void WriteStatus(JsonElement status)
    {
        AnsiConsole.MarkupLine($"[bold]{status.GetProperty("imageId").GetString()}[/] {Markup.Escape(status.GetProperty("originalFileName").GetString() ?? "")}: "
            + $"[bold]{status.GetProperty("state").GetString()}[/]");
        var steps = new Table().AddColumns("Step", "Status", "Attempts", "Reason");
        foreach (var step in status.GetProperty("steps").EnumerateObject())
        {
            steps.AddRow(step.Name, step.Value.GetProperty("status").GetString() ?? "", step.Value.GetProperty("attempts").ToString(),
                step.Value.TryGetProperty("reasonCode", out var reason) ? reason.GetString() ?? "" : "");
        }

        AnsiConsole.Write(steps);
        if (status.TryGetProperty("insights", out var insights) && insights.ValueKind == JsonValueKind.Object)
            AnsiConsole.MarkupLine(Markup.Escape(insights.GetProperty("description").GetString() ?? ""));
    }
}
