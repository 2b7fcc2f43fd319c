using System.Diagnostics;
using System.Globalization;

namespace ImageSaga.Benchmarks;

/// <summary>How busy the cores were over an interval: by this process, and by the whole machine (/proc/stat).</summary>
sealed record CpuUsage(double Process, double Machine)
{
    /// <summary>Share of all cores used by other processes: the benchmark's figures are only as good as this is small.</summary>
    public double Others => Math.Max(0, Machine - Process);

    /// <summary>The CPU time this process used over an interval of <paramref name="wall"/>, from its share of all cores.</summary>
    public TimeSpan ProcessTimeOver(TimeSpan wall) => wall * (Process * Environment.ProcessorCount);

    public override string ToString() => double.IsNaN(Machine)
        ? string.Create(CultureInfo.InvariantCulture, $"this process {Process * 100:F0} %")
        : string.Create(CultureInfo.InvariantCulture, $"this process {Process * 100:F0} %, other processes {Others * 100:F0} %");
}

sealed class CpuMeter
{
    readonly long _started = Stopwatch.GetTimestamp();
    readonly TimeSpan _processBefore = ProcessTime();
    readonly (long Busy, long Total)? _machineBefore = MachineJiffies();

    public CpuUsage Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_started);
        var process = (ProcessTime() - _processBefore) / (wall * Environment.ProcessorCount);
        var after = MachineJiffies();
        var machine = _machineBefore is { } before && after is { } now && now.Total > before.Total
            ? (double)(now.Busy - before.Busy) / (now.Total - before.Total)
            : double.NaN;
        return new CpuUsage(process, machine);
    }

    static TimeSpan ProcessTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    static (long Busy, long Total)? MachineJiffies()
    {
        const string stat = "/proc/stat";
        if (!File.Exists(stat))
            return null;
        var fields = File.ReadLines(stat).First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0); // idle + iowait
        var total = fields.Take(8).Sum(); // user nice system idle iowait irq softirq steal
        return (total - idle, total);
    }
}
