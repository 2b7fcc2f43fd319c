using System.Text;

namespace ImageSaga.Benchmarks.Processes;

/// <summary>Scenarios 4 and 5 in docs/benchmarks.md: memory per process, and detection scaled out.</summary>
static class ProcessesReport
{
    public static void AppendTo(StringBuilder md, ProcessesResult result, BareLoopResult? bare, int cores)
    {
        Line(md, "### Scenario 4: memory per process, one process per service");
        Line(md);
        Line(md, $"`src/ImageSaga.Host` started once per service ({string.Join(", ", result.Services)}) on RabbitMQ + PostgreSQL, configured by "
            + "environment variables as in the distributed deployment, sharing an image folder; this process only uploads and counts outcomes. "
            + $"After a warm-up of {result.WarmUpImages} images, {result.Images} uploads as a closed loop of {result.InFlight}; each process's resident "
            + "set (VmRSS in `/proc/<pid>/status`) sampled every second and at each share of the uploads; the last column is the kernel's "
            + "high-water mark (VmHWM) over the process's life, start-up included. The growth is split using the memory the .NET GC had "
            + "committed (`dotnet_gc_last_collection_memory_committed_size_bytes` from each process's `/metrics`): the rest is native memory "
            + "(ONNX Runtime, glibc's allocator), code and mapped files. The live managed objects are what the heap held after the GC's most "
            + "recent full collection (`imagesaga_gc_heap_live_after_full_collection_bytes`, fragmentation excluded): what a managed leak grows, "
            + "where the committed memory also follows the budgets the GC sizes to the allocation rate."
            + RuntimeSettings());
        Line(md);
        Line(md, $"Throughput of this run, steady state: **{result.SteadyImagesPerSecond:F2} images/s** ({result.Elapsed.TotalSeconds:F0} s, "
            + $"{result.Failed} failed outcomes)" + (bare is null ? "." : $"; {result.SteadyImagesPerSecond / bare.ImagesPerSecond * 100:F0} % of the bare loop."));
        Line(md);
        Line(md, $"| Process | after warm-up MB | {string.Join(" | ", result.MarkLabels.Select(label => $"at {label} MB"))} | growth {result.MarkLabels[0]} → {result.MarkLabels[^1]} MB | of it GC committed MB | of it native and other MB | live managed objects at {result.MarkLabels[0]} → {result.MarkLabels[^1]} MB | peak sampled MB | VmHWM MB |");
        Line(md, "|---|" + string.Concat(Enumerable.Repeat("---:|", result.MarkLabels.Count + 7)));
        foreach (var row in result.Memory)
        {
            Line(md, $"| {row.Process} | {Mb(row.AfterWarmUp)} | {string.Join(" | ", row.AtMarks.Select(Mb))} | {row.GrowthAfterFirstMark / 1048576.0:+0;-0;0} | "
                + $"{row.GcGrowthAfterFirstMark / 1048576.0:+0;-0;0} | {row.NativeGrowthAfterFirstMark / 1048576.0:+0;-0;0} | "
                + $"{Mb(row.GcAtFirstMark.LiveAfterFullCollection)} → {Mb(row.GcAtEnd.LiveAfterFullCollection)} | "
                + $"{Mb(row.PeakSampled)} | {Mb(row.HighWaterMark)} |");
        }

        Line(md);
        Line(md, $"All processes together: {Mb(result.Memory.Sum(row => row.PeakSampled))} MB at most (sum of the sampled peaks).");
        Line(md);

        Line(md, "### Scenario 5: one versus two detection processes");
        Line(md);
        Line(md, $"Right after scenario 4, on the same deployment: {result.Scaling[0].Images} uploads with one detection process, then a second "
            + $"detection process started beside it (warmed up with 48 images) and {result.Scaling[0].Images} uploads again. Both consume the "
            + $"`detect-objects` queue. The machine has {cores} cores for all services, the broker and the database.");
        Line(md);
        Line(md, "| Detection processes | Images | images/s | CPU of all service processes per image | machine busy |");
        Line(md, "|---:|---:|---:|---:|---:|");
        foreach (var run in result.Scaling)
            Line(md, $"| {run.DetectionProcesses} | {run.Images} | **{run.ImagesPerSecond:F2}** | {run.ServiceCpuMsPerImage:F0} ms | {run.Machine.Machine * 100:F0} % |");
        Line(md);
    }

    static readonly string[] RuntimeSettingNames = ["MALLOC_ARENA_MAX", "DOTNET_gcServer", "DOTNET_GCgen0size", "DOTNET_GCDynamicAdaptationMode"];

    /// <summary>Allocator and GC settings given to the service processes through the environment, if any.</summary>
    static string RuntimeSettings()
    {
        var settings = RuntimeSettingNames
            .Where(name => Environment.GetEnvironmentVariable(name) is { Length: > 0 })
            .Select(name => $"`{name}={Environment.GetEnvironmentVariable(name)}`")
            .ToList();
        return settings.Count == 0 ? "" : $" The service processes ran with {string.Join(", ", settings)}.";
    }

    static string Mb(long bytes) => (bytes / 1048576.0).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);

    static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
