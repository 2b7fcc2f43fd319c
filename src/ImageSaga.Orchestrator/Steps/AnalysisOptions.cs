using System.ComponentModel.DataAnnotations;

namespace ImageSaga.Orchestrator.Steps;

/// <summary>Which analysis steps run, which of them must succeed, and how long each may take.</summary>
public sealed class AnalysisOptions
{
    public const string Section = "ImageSaga:Analysis";

    /// <summary>Per-step policy, keyed by step name (<c>metadata</c>, <c>fingerprint</c>, …, <c>enrichment</c>).</summary>
    public Dictionary<string, AnalysisStepOptions> Steps { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        // Without metadata nothing downstream can trust the image, so it is required; a missing fingerprint only
        // costs duplicate detection and the thumbnail, so a failure there completes with a warning. Labels and faces
        // are best effort in the same way. Moderation is required: an image nobody could check is not let through.
        ["metadata"] = new() { Required = true },
        ["fingerprint"] = new() { Required = false },
        ["detection"] = new() { Required = false },
        ["classification"] = new() { Required = false },
        ["faces"] = new() { Required = false },
        ["moderation"] = new() { Required = true },
        // Insights are a bonus on top of valid results: without them the analysis still completes, with a warning.
        ["enrichment"] = new() { Required = false, TimeoutSeconds = 30 },
    };

    /// <summary>
    /// How long a finished saga waits to receive its own outcome event back before publishing it again (crash
    /// between saving the final state and releasing the outbox). Longer than the saga queue takes to drain.
    /// </summary>
    public TimeSpan OutcomeConfirmationGrace { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Human review of flagged or uncertain images, between the analyses and enrichment.</summary>
    public ReviewOptions Review { get; set; } = new();

    /// <summary>How many times one image's failed analysis may be redriven.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 100)]
    public int MaxRedrives { get; set; } = 3;

    /// <summary>How often the orchestrator looks for sagas whose step deadline has passed.</summary>
    public TimeSpan DeadlineSweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}

public sealed class AnalysisStepOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>A required step that fails fails the saga; an optional one becomes a warning on the completion.</summary>
    public bool Required { get; set; }

    [Range(0.05, 86_400)]
    public double TimeoutSeconds { get; set; } = 60;

    /// <summary>How many times a step that did not answer in time is sent again before it counts as timed out.</summary>
    [Range(0, 100)]
    public int TimeoutRetries { get; set; } = 2;
}
