using System.Diagnostics.Metrics;
using ImageSaga.ServiceDefaults.Telemetry;

namespace ImageSaga.ServiceDefaults.Tests;

/// <summary>The live-heap gauge is what tells a managed leak from a GC that merely sized its budgets to the load.</summary>
public sealed class LiveHeapMetricTests
{
    [Fact]
    public void After_a_full_collection_the_gauge_reports_the_objects_still_alive()
    {
        // Allocated and let go inside Retainer's methods: in the test's own frame a temporary could keep the array reachable
        // until the method returns (unoptimised code reports its slots as live).
        var retainer = Retainer.Of(128 * 1024 * 1024);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var withRetained = Read();

        retainer.Holding.ShouldBeTrue();
        retainer.Release();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var withoutRetained = Read();

        withRetained.ShouldBeGreaterThan(128L * 1024 * 1024);
        (withRetained - withoutRetained).ShouldBeGreaterThan(112L * 1024 * 1024, "the 128 MB array was let go");
    }

    static long Read()
    {
        long? value = null;
        // Created with its class: touched first, so the listener finds it published.
        var gauge = ImageSagaTelemetry.LiveHeapAfterFullCollection;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listening) =>
            {
                if (ReferenceEquals(instrument, gauge))
                    listening.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, measurement, _, _) => value = measurement);
        listener.Start();
        listener.RecordObservableInstruments();
        return value ?? throw new InvalidOperationException("The gauge reported nothing after a full collection.");
    }

    sealed class Retainer
    {
        byte[]? _bytes;

        public bool Holding => _bytes is not null;

        public static Retainer Of(int bytes) => new() { _bytes = new byte[bytes] };

        public void Release() => _bytes = null;
    }
}
