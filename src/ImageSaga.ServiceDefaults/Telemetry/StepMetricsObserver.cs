using ImageSaga.Contracts;
using MassTransit;

namespace ImageSaga.ServiceDefaults.Telemetry;

/// <summary>
/// Records <see cref="ImageSagaTelemetry.StepDuration"/> for every analysis step command a process consumes, whichever
/// service it is: the latency the saga sees for the step, less the reply's trip back.
/// </summary>
public sealed class StepMetricsObserver : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        Record(context, "consumed");
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        Record(context, "faulted");
        return Task.CompletedTask;
    }

    static void Record<T>(ConsumeContext<T> context, string outcome) where T : class
    {
        if (context.Message is not IAnalysisStepCommand || context.SentTime is not { } sent)
            return;
        // Clocks of different machines may disagree by a little; a negative latency is reported as zero.
        var seconds = Math.Max(0, (DateTime.UtcNow - sent).TotalSeconds);
        ImageSagaTelemetry.StepDuration.Record(seconds,
            new KeyValuePair<string, object?>("step", StepName(typeof(T))),
            new KeyValuePair<string, object?>("outcome", outcome));
    }

    /// <summary>The step's configuration name (as in <c>ImageSaga:Analysis:Steps</c>) for its command type.</summary>
    public static string StepName(Type command) => command.Name switch
    {
        nameof(ExtractMetadata) => "metadata",
        nameof(ComputeFingerprint) => "fingerprint",
        nameof(DetectObjects) => "detection",
        nameof(ClassifyImage) => "classification",
        nameof(DetectFaces) => "faces",
        nameof(ModerateContent) => "moderation",
        nameof(EnrichImageAnalysis) => "enrichment",
        var other => other,
    };
}
