using System.Text.Json;
using ImageSaga.Contracts;
using ImageSaga.Users.Notifications;

namespace ImageSaga.Notifications.Tests;

public sealed class NotificationComposerTests
{
    static readonly Guid ImageId = Guid.Parse("6f1c8a52-7d0e-4c1b-9a57-3f0f0b3c2d11");

    [Fact]
    public void An_interest_match_leads_the_title_and_the_insights_make_the_text()
    {
        var notification = NotificationComposer.Compose(Completed(new ImageInsights
        {
            Description = "a dog on a bench in Paris, outdoors, morning",
            Highlights = [new Highlight { Kind = "first", Label = "dog", Text = "First dog in your library" }],
            Duplicates = [new SimilarImage { FileName = "older.jpg", Distance = 4 }],
            InterestMatches = ["dog"],
            Priority = NotificationPriority.High,
        }));

        notification.Title.ShouldBe("Dog in park.jpg");
        notification.Text.ShouldBe("A dog on a bench in Paris, outdoors, morning. First dog in your library. Looks like older.jpg.");
        notification.Priority.ShouldBe("High");
        notification.Kind.ShouldBe(NotificationKinds.AnalysisCompleted);
        var payload = JsonDocument.Parse(notification.Payload).RootElement;
        payload.GetProperty("imageId").GetGuid().ShouldBe(ImageId);
        payload.GetProperty("insights").GetProperty("priority").GetString().ShouldBe("high");
        payload.GetProperty("contentHidden").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public void Flagged_content_the_user_does_not_want_to_see_is_left_out_of_text_and_payload()
    {
        var notification = NotificationComposer.Compose(Completed(new ImageInsights { Description = "something explicit", ContentShown = false }));

        notification.Text.ShouldNotContain("explicit");
        var payload = JsonDocument.Parse(notification.Payload).RootElement;
        payload.GetProperty("contentHidden").GetBoolean().ShouldBeTrue();
        payload.TryGetProperty("insights", out _).ShouldBeFalse();
    }

    [Fact]
    public void A_failure_names_the_step_and_the_reason()
    {
        var notification = NotificationComposer.Compose(new ImageAnalysisFailed
        {
            ImageId = ImageId, UserId = "alice", OriginalFileName = "notes.jpg", FailedStep = "metadata",
            ReasonCode = AnalysisFailureReasons.UnsupportedFormat, Message = "Not an image.",
        });

        notification.Kind.ShouldBe(NotificationKinds.AnalysisFailed);
        notification.Title.ShouldBe("notes.jpg could not be analysed");
        notification.Text.ShouldBe("The metadata step failed (unsupported-format): Not an image.");
        JsonDocument.Parse(notification.Payload).RootElement.GetProperty("failure").GetProperty("reasonCode").GetString()
            .ShouldBe(AnalysisFailureReasons.UnsupportedFormat);
    }

    [Fact]
    public void The_same_outcome_always_composes_the_same_notification_id_and_the_two_outcomes_differ()
    {
        var completed = NotificationComposer.Compose(Completed(null));
        var again = NotificationComposer.Compose(Completed(null));
        var failed = NotificationComposer.Compose(new ImageAnalysisFailed { ImageId = ImageId, UserId = "alice" });

        again.Id.ShouldBe(completed.Id);
        failed.Id.ShouldNotBe(completed.Id);
        completed.Id.ShouldNotBe(ImageId);
    }

    static ImageAnalysisCompleted Completed(ImageInsights? insights) => new()
    {
        ImageId = ImageId,
        UserId = "alice",
        OriginalFileName = "park.jpg",
        CompletedAt = DateTimeOffset.UnixEpoch,
        Insights = insights,
    };
}
