using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ImageSaga.ServiceDefaults.Telemetry;

/// <summary>
/// ImageSaga's own spans and instruments, beside MassTransit's (<c>MassTransit</c> activity source and meter). Static,
/// like MassTransit's, so that libraries without dependency injection (the vision models, the image inspector) can
/// record; every process exports them through OpenTelemetry (Prometheus <c>/metrics</c>, OTLP when configured).
/// </summary>
public static class ImageSagaTelemetry
{
    public const string Name = "ImageSaga";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>From a step command being sent to its consumer finishing with it: queue wait plus processing.</summary>
    public static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>(
        "imagesaga.step.duration", "s", "Time from an analysis step command being sent until its consumer finished it (queue wait and processing)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    /// <summary>One ONNX Runtime inference, without pre- and post-processing.</summary>
    public static readonly Histogram<double> InferenceDuration = Meter.CreateHistogram<double>(
        "imagesaga.model.inference.duration", "s", "One ONNX Runtime inference (the session's Run call)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    /// <summary>Decoding and orienting an image's pixels.</summary>
    public static readonly Histogram<double> DecodeDuration = Meter.CreateHistogram<double>(
        "imagesaga.image.decode.duration", "s", "Decoding an image and applying its EXIF orientation",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    /// <summary>
    /// What the managed heap held after its most recent full (generation 2) collection, fragmentation left out: the live
    /// objects, the figure a managed leak grows. The GC's committed memory and the heap size after any collection also
    /// move with the allocation rate (the GC sizes its budgets to it), so they do not tell a leak from a busy process.
    /// Nothing is reported before the first full collection.
    /// </summary>
    public static readonly ObservableGauge<long> LiveHeapAfterFullCollection = Meter.CreateObservableGauge(
        "imagesaga.gc.heap.live_after_full_collection", LiveHeapAfterLastFullCollection, "By",
        "Bytes the managed heap held after its most recent full collection, fragmentation excluded");

    static IEnumerable<Measurement<long>> LiveHeapAfterLastFullCollection()
    {
        var blocking = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        var background = GC.GetGCMemoryInfo(GCKind.Background);
        var latest = blocking.Index >= background.Index ? blocking : background;
        return latest.Index == 0 ? [] : [new Measurement<long>(latest.HeapSizeBytes - latest.FragmentedBytes)];
    }

    /// <summary>Seconds, from 1 ms to 5 min: inferences take milliseconds, steps under load take seconds.</summary>
    static IReadOnlyList<double> LatencyBuckets => [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    /// <summary>Times <paramref name="work"/> as a span named <paramref name="spanName"/> and a histogram sample tagged with <paramref name="tag"/>.</summary>
    public static T Measure<T>(Histogram<double> histogram, string spanName, KeyValuePair<string, object?> tag, Func<T> work)
    {
        using var activity = ActivitySource.StartActivity(spanName);
        activity?.SetTag(tag.Key, tag.Value);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return work();
        }
        catch (Exception failure)
        {
            activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
            throw;
        }
        finally
        {
            histogram.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tag);
        }
    }
}
