using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace ImageSaga.Cli.Commands;

/// <summary><c>analyze &lt;files or folders&gt;</c>: uploads, shows each image's progress through its steps, then a results table.</summary>
public static class AnalyzeCommand
{
    static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".tga"];
    static readonly string[] Outcomes = ["Completed", "Failed", "Cancelled", "Rejected", "AwaitingReview"];

    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Image files or folders of images", Arity = ArgumentArity.OneOrMore };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for all outcomes", DefaultValueFactory = _ => 600 };
        var command = new Command("analyze", "Upload photos and follow their analyses to the end") { paths, timeout };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var files = parse.GetValue(paths)!.SelectMany(Expand).ToList();
            if (files.Count == 0)
            {
                AnsiConsole.MarkupLine("[red]No image files found.[/]");
                return 2;
            }

            using var client = CliOptions.Client(parse);
            var uploads = new List<(string File, Guid ImageId)>();
            foreach (var file in files)
            {
                try
                {
                    uploads.Add((file, await client.UploadAsync(file, cancellationToken)));
                }
                catch (ApiException refused)
                {
                    AnsiConsole.MarkupLine($"[red]{Markup.Escape(Path.GetFileName(file))} refused: {Markup.Escape(refused.Message)}[/]");
                }
                catch (HttpRequestException unreachable)
                {
                    AnsiConsole.MarkupLine($"[red]Cannot reach {Markup.Escape(client.Server.ToString())}: {Markup.Escape(unreachable.Message)}[/]");
                    return 1;
                }
            }

            var results = new Dictionary<Guid, JsonElement>();
            var deadline = DateTime.UtcNow.AddSeconds(parse.GetValue(timeout));
            await AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
                .StartAsync(async progress =>
                {
                    var tasks = uploads.ToDictionary(upload => upload.ImageId, upload => progress.AddTask(Markup.Escape(Path.GetFileName(upload.File)), maxValue: 1));
                    while (results.Count < uploads.Count && DateTime.UtcNow < deadline)
                    {
                        foreach (var (_, imageId) in uploads.Where(upload => !results.ContainsKey(upload.ImageId)))
                        {
                            var status = await client.GetAsync($"/api/images/{imageId}", cancellationToken).ContinueWith(
                                task => task.IsCompletedSuccessfully ? task.Result : (JsonElement?)null, TaskScheduler.Default);
                            if (status is not { } found)
                                continue;
                            var steps = found.GetProperty("steps").EnumerateObject().ToList();
                            tasks[imageId].MaxValue = Math.Max(1, steps.Count);
                            tasks[imageId].Value = steps.Count(step => step.Value.GetProperty("status").GetString() is "Succeeded" or "Failed" or "TimedOut" or "Skipped" or "Cancelled");
                            if (Outcomes.Contains(found.GetProperty("state").GetString()))
                            {
                                results[imageId] = found;
                                tasks[imageId].Value = tasks[imageId].MaxValue;
                            }
                        }

                        await Task.Delay(250, cancellationToken);
                    }
                });

            var table = new Table().AddColumns("File", "State", "Objects", "Top class", "Faces", "Flagged", "Description / reason");
            foreach (var (file, imageId) in uploads)
            {
                if (!results.TryGetValue(imageId, out var result))
                {
                    table.AddRow(Markup.Escape(Path.GetFileName(file)), "[yellow]still running[/]", "", "", "", "", imageId.ToString());
                    continue;
                }

                table.AddRow(
                    Markup.Escape(Path.GetFileName(file)),
                    StateMarkup(result.GetProperty("state").GetString() ?? ""),
                    Markup.Escape(Objects(result)),
                    Markup.Escape(TopClass(result)),
                    Faces(result),
                    Flagged(result),
                    Markup.Escape(Describe(result)));
            }

            AnsiConsole.Write(table);
            return results.Count == uploads.Count ? 0 : 1;
        });
        return command;
    }

    static IEnumerable<string> Expand(string path) =>
        Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Where(file => ImageExtensions.Contains(Path.GetExtension(file).ToLowerInvariant())).Order(StringComparer.Ordinal)
            : [path];

    static string StateMarkup(string state) => state switch
    {
        "Completed" => "[green]Completed[/]",
        "Failed" or "Rejected" => $"[red]{state}[/]",
        _ => $"[yellow]{state}[/]",
    };

    static string Objects(JsonElement status) =>
        status.TryGetProperty("detection", out var detection) && detection.ValueKind == JsonValueKind.Object
            ? string.Join(", ", detection.GetProperty("objects").EnumerateArray().GroupBy(o => o.GetProperty("label").GetString())
                .Select(group => group.Count() == 1 ? group.Key : $"{group.Count()} {group.Key}"))
            : "";

    static string TopClass(JsonElement status) =>
        status.TryGetProperty("classification", out var classification) && classification.ValueKind == JsonValueKind.Object
            && classification.GetProperty("top") is { ValueKind: JsonValueKind.Array } top && top.GetArrayLength() > 0
            ? $"{top[0].GetProperty("label").GetString()} {top[0].GetProperty("probability").GetDouble():0.00}"
            : "";

    static string Faces(JsonElement status) =>
        status.TryGetProperty("faces", out var faces) && faces.ValueKind == JsonValueKind.Object ? faces.GetProperty("count").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : "";

    static string Flagged(JsonElement status) =>
        status.TryGetProperty("moderation", out var moderation) && moderation.ValueKind == JsonValueKind.Object
            ? moderation.GetProperty("flagged").GetBoolean() ? "[red]yes[/]" : "no"
            : "";

    static string Describe(JsonElement status)
    {
        if (status.TryGetProperty("failure", out var failure) && failure.ValueKind == JsonValueKind.Object)
            return $"{failure.GetProperty("step").GetString()}: {failure.GetProperty("reasonCode").GetString()}";
        if (status.TryGetProperty("insights", out var insights) && insights.ValueKind == JsonValueKind.Object)
            return insights.GetProperty("description").GetString() ?? "";
        return "";
    }
}
