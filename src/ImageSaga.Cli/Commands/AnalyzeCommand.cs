using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace ImageSaga.Cli.Commands;

/// <summary>
/// <c>analyze &lt;files or folders&gt;</c>: uploads one file, or submits several as a batch (like a Map state, with
/// <c>--max-in-flight</c>), shows each image's progress through its steps, then a results table.
/// </summary>
public static class AnalyzeCommand
{
    static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".tga"];
    static readonly string[] Outcomes = ["Completed", "Failed", "Cancelled", "Rejected", "AwaitingReview"];

    /// <summary>
    /// Several files go up as batches of at most this many bytes (the server's default batch limit is 256 MB), so a
    /// large folder becomes a few batches rather than one refused request.
    /// </summary>
    const long BatchBytesBudget = 200L * 1024 * 1024;

    const int BatchFilesBudget = 500;

    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Image files or folders of images", Arity = ArgumentArity.OneOrMore };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for all outcomes", DefaultValueFactory = _ => 600 };
        var maxInFlight = new Option<int>("--max-in-flight")
        {
            Description = "With several files: how many of the batch are analysed at once (1-64)",
            DefaultValueFactory = _ => 4,
        };
        maxInFlight.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 64)
                result.AddError("--max-in-flight is a number from 1 to 64.");
        });
        var command = new Command("analyze", "Upload photos (several as one batch) and follow their analyses to the end") { paths, timeout, maxInFlight };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var missing = parse.GetValue(paths)!.Where(path => !File.Exists(path) && !Directory.Exists(path)).ToList();
            if (missing.Count > 0)
            {
                AnsiConsole.MarkupLine($"[red]No such file or folder: {Markup.Escape(string.Join(", ", missing))}[/]");
                return 2;
            }

            var files = parse.GetValue(paths)!.SelectMany(Expand).ToList();
            if (files.Count == 0)
            {
                AnsiConsole.MarkupLine("[red]No image files found.[/]");
                return 2;
            }

            return await ImageSagaConnection.RunAsync(parse, client => AnalyzeAsync(client, files, parse.GetValue(maxInFlight),
                TimeSpan.FromSeconds(parse.GetValue(timeout)), cancellationToken), cancellationToken);
        });
        return command;
    }

    static async Task<int> AnalyzeAsync(ImageSagaClient client, List<string> files, int maxInFlight, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (uploads, batchIds) = files.Count == 1
            ? (await UploadOneAsync(client, files[0], cancellationToken), [])
            : await SubmitBatchesAsync(client, files, maxInFlight, cancellationToken);
        var results = await FollowAsync(client, uploads, timeout, cancellationToken);

        WriteResults(uploads, results);
        foreach (var batchId in batchIds)
        {
            var batch = await client.GetAsync($"/api/batches/{batchId}", cancellationToken);
            AnsiConsole.MarkupLine($"Batch {batchId}: {batch.GetProperty("total").GetInt32()} images, {batch.GetProperty("completed").GetInt32()} completed, "
                + $"{batch.GetProperty("failed").GetInt32()} failed, {batch.GetProperty("stopped").GetInt32()} stopped; "
                + $"at most {batch.GetProperty("peakInFlight").GetInt32()} in flight (limit {batch.GetProperty("maxInFlight").GetInt32()})");
        }

        return uploads.Count == files.Count && results.Count == uploads.Count ? 0 : 1;
    }

    static async Task<List<(string File, Guid ImageId)>> UploadOneAsync(ImageSagaClient client, string file, CancellationToken cancellationToken)
    {
        try
        {
            return [(file, await client.UploadAsync(file, cancellationToken))];
        }
        catch (ApiException refused)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(Path.GetFileName(file))} refused: {Markup.Escape(refused.Message)}[/]");
            return [];
        }
    }

    /// <summary>
    /// One batch per budget-sized chunk. A batch is accepted whole or not at all, so a refused one is reported with its
    /// reason and the others still go ahead.
    /// </summary>
    static async Task<(List<(string File, Guid ImageId)> Uploads, List<Guid> BatchIds)> SubmitBatchesAsync(ImageSagaClient client, List<string> files, int maxInFlight,
        CancellationToken cancellationToken)
    {
        var uploads = new List<(string File, Guid ImageId)>();
        var batchIds = new List<Guid>();
        foreach (var chunk in Chunk(files))
        {
            try
            {
                var accepted = await client.SubmitBatchAsync(chunk, maxInFlight, cancellationToken);
                batchIds.Add(accepted.GetProperty("batchId").GetGuid());
                // The server answers in the order the files were sent.
                uploads.AddRange(chunk.Zip(accepted.GetProperty("images").EnumerateArray(), (file, image) => (file, image.GetProperty("imageId").GetGuid())));
                AnsiConsole.MarkupLine($"Batch {batchIds[^1]}: {chunk.Count} images, at most {maxInFlight} at a time");
            }
            catch (ApiException refused)
            {
                AnsiConsole.MarkupLine($"[red]A batch of {chunk.Count} images was refused: {Markup.Escape(refused.Message)}[/]");
            }
        }

        return (uploads, batchIds);
    }

    static IEnumerable<List<string>> Chunk(List<string> files)
    {
        var chunk = new List<string>();
        long bytes = 0;
        foreach (var file in files)
        {
            var size = new FileInfo(file).Length;
            if (chunk.Count > 0 && (chunk.Count == BatchFilesBudget || bytes + size > BatchBytesBudget))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(file);
            bytes += size;
        }

        if (chunk.Count > 0)
            yield return chunk;
    }

    /// <summary>Live progress per image (steps done of steps known) until every image has an outcome or time runs out.</summary>
    static async Task<Dictionary<Guid, JsonElement>> FollowAsync(ImageSagaClient client, List<(string File, Guid ImageId)> uploads, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var results = new Dictionary<Guid, JsonElement>();
        var deadline = DateTime.UtcNow + timeout;
        await AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async progress =>
            {
                var tasks = uploads.ToDictionary(upload => upload.ImageId, upload => progress.AddTask(Markup.Escape(Path.GetFileName(upload.File)), maxValue: 1));
                while (results.Count < uploads.Count && DateTime.UtcNow < deadline)
                {
                    foreach (var (_, imageId) in uploads.Where(upload => !results.ContainsKey(upload.ImageId)))
                    {
                        // A batch image not started yet has no execution: 404 until its turn comes.
                        JsonElement found;
                        try
                        {
                            found = await client.GetAsync($"/api/images/{imageId}", cancellationToken);
                        }
                        catch (ApiException)
                        {
                            continue;
                        }

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
        return results;
    }

    static void WriteResults(List<(string File, Guid ImageId)> uploads, Dictionary<Guid, JsonElement> results)
    {
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
