namespace ImageSaga.Contracts;

/// <summary>
/// Re-runs a Failed analysis from where it failed: only the steps that did not succeed run again, the others keep
/// their results (like Step Functions' RedriveExecution). Allowed a configured number of times per image.
/// </summary>
public sealed record RedriveImageAnalysis
{
    /// <summary>The image (and saga).</summary>
    public Guid ImageId { get; init; }

    /// <summary>Who asked, for the execution history.</summary>
    public string RequestedBy { get; init; } = "";
}
