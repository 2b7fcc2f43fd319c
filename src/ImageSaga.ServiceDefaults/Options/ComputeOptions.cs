using System.ComponentModel.DataAnnotations;

namespace ImageSaga.ServiceDefaults.Options;

/// <summary>How much CPU-bound analysis (decode, fingerprint, inference) one process runs at once.</summary>
public sealed class ComputeOptions
{
    public const string Section = "ImageSaga:Compute";

    /// <summary>
    /// Analyses running at once across every step consumer of the process; unset means one per core. Each endpoint's
    /// concurrency limit still applies; this caps their sum, so steps hosted together do not oversubscribe the cores.
    /// </summary>
    [Range(1, 1024)]
    public int? MaxConcurrentAnalyses { get; set; }

    public int EffectiveMaxConcurrentAnalyses => MaxConcurrentAnalyses ?? Environment.ProcessorCount;
}
