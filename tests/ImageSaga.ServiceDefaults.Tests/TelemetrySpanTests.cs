using System.Diagnostics;
using ImageSaga.ServiceDefaults.Storage;
using ImageSaga.ServiceDefaults.Telemetry;

namespace ImageSaga.ServiceDefaults.Tests;

/// <summary>ImageSaga's own spans: what a trace shows of the image store beside MassTransit's messaging spans.</summary>
[Collection(ActivityListeners.Collection)]
public sealed class TelemetrySpanTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("imagesaga-spans-").FullName;
    readonly List<Activity> _spans = [];
    readonly ActivityListener _listener;

    public TelemetrySpanTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ImageSagaTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                lock (_spans)
                    _spans.Add(span);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task Store_operations_are_spans_tagged_with_their_key_inside_the_callers_span()
    {
        var store = new LocalFolderImageStore(_root);
        using var parent = new Activity("consume DetectObjects").Start();

        await store.WriteAsync("uploads/span-test.jpg", new MemoryStream([1, 2, 3]), CancellationToken.None);
        await using (await store.OpenReadAsync("uploads/span-test.jpg", CancellationToken.None))
        {
        }

        await store.DeleteAsync("uploads/span-test.jpg", CancellationToken.None);

        List<Activity> mine;
        lock (_spans)
            mine = _spans.Where(span => span.GetTagItem("imagesaga.storage.key") as string == "uploads/span-test.jpg").ToList();
        mine.Select(span => span.OperationName).ShouldBe(["storage write", "storage open", "storage delete"]);
        mine.ShouldAllBe(span => span.ParentId == parent.Id);
    }

    public void Dispose()
    {
        _listener.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
