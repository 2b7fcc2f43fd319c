using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace ImageSaga.Benchmarks;

/// <summary>
/// CPU time per image and JIT compilation between two progress lines: shows when a run has reached its steady state
/// (tiered compilation still promoting methods costs CPU that a long-running host pays only once).
/// </summary>
sealed class IntervalMeter
{
    readonly object _gate = new();
    int _completed;
    TimeSpan _cpu = ProcessTime();
    TimeSpan _jit = JitInfo.GetCompilationTime();
    long _methods = JitInfo.GetCompiledMethodCount();

    public string Next(int completed)
    {
        lock (_gate)
        {
            var cpu = ProcessTime();
            var jit = JitInfo.GetCompilationTime();
            var methods = JitInfo.GetCompiledMethodCount();
            var images = Math.Max(1, completed - _completed);
            var text = string.Create(CultureInfo.InvariantCulture,
                $"CPU {(cpu - _cpu).TotalMilliseconds / images:F1} ms/image, JIT {(jit - _jit).TotalMilliseconds / images:F1} ms/image ({methods - _methods} methods)");
            (_completed, _cpu, _jit, _methods) = (completed, cpu, jit, methods);
            return text;
        }
    }

    static TimeSpan ProcessTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
