using System.CommandLine;
using Spectre.Console;

namespace ImageSaga.Cli.Commands;

/// <summary><c>review list|approve|reject</c>: human review by task token (needs a reviewer key).</summary>
public static class ReviewCommands
{
    public static Command Create()
    {
        var list = new Command("list", "Analyses waiting for a person");
        list.SetAction(async (parse, ct) => await ImageCommands.Run(parse, async client =>
        {
            var table = new Table().AddColumns("Image", "User", "File", "Reason", "Expires", "Task token");
            foreach (var review in (await client.GetAsync("/api/reviews", ct)).EnumerateArray())
            {
                table.AddRow(review.GetProperty("imageId").GetString()!, Markup.Escape(review.GetProperty("userId").GetString() ?? ""),
                    Markup.Escape(review.GetProperty("originalFileName").GetString() ?? ""), Markup.Escape(review.GetProperty("reason").GetString() ?? ""),
                    review.GetProperty("expiresAt").GetString() ?? "", review.GetProperty("taskToken").GetString() ?? "");
            }

            AnsiConsole.Write(table);
        }, ct));

        var review = new Command("review", "Human review") { list, Decide("approve"), Decide("reject") };
        return review;
    }

    static Command Decide(string decision)
    {
        var token = new Argument<string>("task-token");
        var comment = new Option<string?>("--comment");
        var command = new Command(decision, $"{char.ToUpperInvariant(decision[0])}{decision[1..]} a waiting analysis by its task token") { token, comment };
        command.SetAction(async (parse, ct) => await ImageCommands.Run(parse, async client =>
        {
            var accepted = await client.PostAsync($"/api/reviews/{Uri.EscapeDataString(parse.GetValue(token)!)}",
                new { decision, comment = parse.GetValue(comment) }, ct);
            AnsiConsole.MarkupLine($"{decision} of {accepted.GetProperty("imageId").GetString()} accepted.");
        }, ct));
        return command;
    }
}
