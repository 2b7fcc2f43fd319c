using System.Text.Json;
using System.Text.Json.Serialization;
using ImageSaga.Contracts;
using ImageSaga.Users.Notifications;

namespace ImageSaga.Notifications;

/// <summary>
/// Turns an analysis outcome into the notification a person reads: a title, one or two lines of text, and the JSON
/// document webhooks receive and the inbox returns. Flagged content the user chose not to see is left out.
/// </summary>
public static class NotificationComposer
{
    public static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Notification Compose(ImageAnalysisCompleted completed)
    {
        var insights = completed.Insights;
        var fileName = Display(completed.OriginalFileName);
        var shown = insights?.ContentShown ?? !(completed.Moderation?.Flagged ?? false);
        string title;
        string text;
        if (!shown)
        {
            title = $"{fileName} was analysed";
            text = "Moderation flagged it, so its content is hidden here; open it in ImageSaga to review.";
        }
        else
        {
            title = insights?.InterestMatches.Count > 0
                ? $"{Capitalize(string.Join(" and ", insights.InterestMatches))} in {fileName}"
                : $"{fileName} was analysed";
            var lines = new List<string>();
            if (!string.IsNullOrWhiteSpace(insights?.Description))
                lines.Add(Sentence(insights.Description));
            lines.AddRange((insights?.Highlights ?? []).Select(highlight => Sentence(highlight.Text)));
            if (insights?.Duplicates is [var duplicate, ..])
                lines.Add(duplicate.Exact ? $"The same file as {Display(duplicate.FileName)}." : $"Looks like {Display(duplicate.FileName)}.");
            if (lines.Count == 0)
                lines.Add("The analysis is complete.");
            text = string.Join(" ", lines);
        }

        var notification = New(completed.UserId, completed.ImageId, NotificationKinds.AnalysisCompleted,
            insights?.Priority ?? NotificationPriority.Normal, title, text);
        notification.Payload = JsonSerializer.Serialize(new
        {
            id = notification.Id,
            type = notification.Kind,
            userId = completed.UserId,
            imageId = completed.ImageId,
            fileName = completed.OriginalFileName,
            priority = insights?.Priority ?? NotificationPriority.Normal,
            title,
            text,
            completedAt = completed.CompletedAt,
            insights = shown ? insights : null,
            contentHidden = !shown,
            warnings = completed.Warnings,
        }, PayloadJson);
        return notification;
    }

    public static Notification Compose(ImageAnalysisFailed failed)
    {
        var fileName = Display(failed.OriginalFileName);
        var title = $"{fileName} could not be analysed";
        var text = $"The {failed.FailedStep} step failed ({failed.ReasonCode})" + (string.IsNullOrWhiteSpace(failed.Message) ? "." : $": {failed.Message}");
        var notification = New(failed.UserId, failed.ImageId, NotificationKinds.AnalysisFailed, NotificationPriority.Normal, title, text);
        notification.Payload = JsonSerializer.Serialize(new
        {
            id = notification.Id,
            type = notification.Kind,
            userId = failed.UserId,
            imageId = failed.ImageId,
            fileName = failed.OriginalFileName,
            priority = NotificationPriority.Normal,
            title,
            text,
            failedAt = failed.FailedAt,
            failure = new { step = failed.FailedStep, reasonCode = failed.ReasonCode, message = failed.Message },
        }, PayloadJson);
        return notification;
    }

    static Notification New(string userId, Guid imageId, string kind, NotificationPriority priority, string title, string text) => new()
    {
        // Derived from the image and kind: a redelivered outcome composes the same id, and webhook receivers can use
        // it (the X-ImageSaga-Delivery header) to drop duplicates.
        Id = DeterministicId(imageId, kind),
        UserId = userId,
        ImageId = imageId,
        Kind = kind,
        Priority = priority.ToString(),
        Title = Truncate(title, 200),
        Text = Truncate(text, 2000),
    };

    static Guid DeterministicId(Guid imageId, string kind)
    {
        Span<byte> bytes = stackalloc byte[16];
        imageId.TryWriteBytes(bytes);
        bytes[0] ^= kind == NotificationKinds.AnalysisCompleted ? (byte)0x3C : (byte)0xC3;
        bytes[15] ^= 0x69;
        return new Guid(bytes);
    }

    static string Display(string fileName) => string.IsNullOrWhiteSpace(fileName) ? "Your photo" : fileName;

    static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    static string Sentence(string text)
    {
        var trimmed = Capitalize(text.Trim());
        return trimmed.EndsWith('.') || trimmed.EndsWith('!') ? trimmed : trimmed + ".";
    }

    static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
