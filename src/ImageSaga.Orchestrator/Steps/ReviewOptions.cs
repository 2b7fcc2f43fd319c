using System.ComponentModel.DataAnnotations;

namespace ImageSaga.Orchestrator.Steps;

/// <summary>When an analysis waits for a person, how long, and what happens without one.</summary>
public sealed class ReviewOptions
{
    /// <summary>Whether flagged images wait for a reviewer at all (off: they complete, flagged, as before).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Also ask for a review when the top classification is below this probability; null: never for that.</summary>
    [Range(0.0, 1.0)]
    public double? ClassificationConfidenceBelow { get; set; }

    /// <summary>How long a review may wait before <see cref="DefaultDecision"/> applies.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(24);

    /// <summary>What a review that nobody decided in time becomes. Rejecting is the safe default for flagged content.</summary>
    public ReviewDecision DefaultDecision { get; set; } = ReviewDecision.Reject;

    /// <summary>What happens to a rejected image's stored original.</summary>
    public RejectedImageHandling OnReject { get; set; } = RejectedImageHandling.Quarantine;
}

public enum ReviewDecision
{
    Approve,
    Reject,
}

public enum RejectedImageHandling
{
    /// <summary>Moved under <c>quarantine/</c> in the image store, out of every normal path.</summary>
    Quarantine,

    /// <summary>Deleted from the image store.</summary>
    Delete,
}
