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
            + "high-water mark (VmHWM) over the process's life, start-up included.");
        Line(md);
        Line(md, $"Throughput of this run, steady state: **{result.SteadyImagesPerSecond:F2} images/s** ({result.Elapsed.TotalSeconds:F0} s, "
            + $"{result.Failed} failed outcomes)" + (bare is null ? "." : $"; {result.SteadyImagesPerSecond / bare.ImagesPerSecond * 100:F0} % of the bare loop."));
        Line(md);
        Line(md, $"| Process | after warm-up MB | {string.Join(" | ", result.MarkLabels.Select(label => $"at {label} MB"))} | growth {result.MarkLabels[0]} → {result.MarkLabels[^1]} MB | peak sampled MB | VmHWM MB |");
        Line(md, "|---|" + string.Concat(Enumerable.Repeat("---:|", result.MarkLabels.Count + 4)));
        foreach (var row in result.Memory)
        {
            Line(md, $"| {row.Process} | {Mb(row.AfterWarmUp)} | {string.Join(" | ", row.AtMarks.Select(Mb))} | {row.GrowthAfterFirstMark / 1048576.0:+0;-0;0} | "
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

    static string Mb(long bytes) => (bytes / 1048576.0).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);

    static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
