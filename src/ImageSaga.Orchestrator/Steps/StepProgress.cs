using System.Text.Json.Serialization;

namespace ImageSaga.Orchestrator.Steps;

/// <summary>Where one step of one saga stands. The policy is copied in at start so a running saga keeps its rules.</summary>
public sealed class StepProgress
{
    public StepStatus Status { get; set; } = StepStatus.Pending;

    public bool Required { get; set; }

    public double TimeoutSeconds { get; set; }

    public int TimeoutRetries { get; set; }

    public int Attempts { get; set; }

    /// <summary>Attempts made before the latest redrive; timeouts count re-sends from there.</summary>
    public int AttemptsBeforeRedrive { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? DeadlineAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public string? ReasonCode { get; set; }

    public string? Message { get; set; }

    [JsonIgnore]
    public bool IsFinished => Status is StepStatus.Succeeded or StepStatus.Failed or StepStatus.TimedOut or StepStatus.Skipped
        or StepStatus.Cancelled;
}

[JsonConverter(typeof(JsonStringEnumConverter<StepStatus>))]
public enum StepStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
    TimedOut,

    /// <summary>Never sent: a required analysis failed before enrichment could start.</summary>
    Skipped,

    /// <summary>Stopped by a cancel before it finished.</summary>
    Cancelled,
}
