using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace ImageSaga.Benchmarks;

/// <summary>What the figures were measured on.</summary>
sealed record MachineInfo(string Cpu, int Cores, string Memory, string OperatingSystem, string Runtime, string Gc, string OnnxRuntime)
{
    public static MachineInfo Describe() => new(
        CpuModel(),
        Environment.ProcessorCount,
        TotalMemory(),
        OperatingSystemName(),
        RuntimeInformation.FrameworkDescription,
        $"{(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}",
        typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version?.ToString() ?? "?");

    static string CpuModel()
    {
        try
        {
            using var lscpu = Process.Start(new ProcessStartInfo("lscpu") { RedirectStandardOutput = true, UseShellExecute = false });
            if (lscpu is not null)
            {
                var output = lscpu.StandardOutput.ReadToEnd();
                lscpu.WaitForExit();
                var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("Model name:", StringComparison.Ordinal));
                if (line is not null)
                    return line["Model name:".Length..].Trim();
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No lscpu (not Linux); fall through.
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    static string TotalMemory()
    {
        const string meminfo = "/proc/meminfo";
        if (File.Exists(meminfo))
        {
            var line = File.ReadLines(meminfo).FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
            if (long.TryParse(kilobytes, NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
                return string.Create(CultureInfo.InvariantCulture, $"{kb / 1048576.0:F1} GiB");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0:F1} GiB (as the GC sees it)");
    }

    static string OperatingSystemName()
    {
        const string osRelease = "/etc/os-release";
        var pretty = File.Exists(osRelease)
            ? File.ReadLines(osRelease).FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"')
            : null;
        return pretty is null ? RuntimeInformation.OSDescription : $"{pretty} ({RuntimeInformation.OSDescription})";
    }
}
