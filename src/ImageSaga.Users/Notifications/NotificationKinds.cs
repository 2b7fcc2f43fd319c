namespace ImageSaga.Users.Notifications;

public static class NotificationKinds
{
    public const string AnalysisCompleted = "analysis-completed";

    public const string AnalysisFailed = "analysis-failed";
}
