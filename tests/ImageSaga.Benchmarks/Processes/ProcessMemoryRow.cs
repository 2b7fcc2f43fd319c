namespace ImageSaga.Benchmarks.Processes;

/// <summary>
/// One service process's resident memory during the long run: after the warm-up, at each share of the uploads, the
/// largest sample and the kernel's high-water mark (VmHWM), in bytes; and the GC's committed memory at the first and
/// the last mark, which splits the growth into managed and native, and the GC heap's size then (live objects and what the
/// last collection left).
/// </summary>
sealed record ProcessMemoryRow(string Process, long AfterWarmUp, IReadOnlyList<long> AtMarks, long PeakSampled, long HighWaterMark,
    GcMemory GcAtFirstMark, GcMemory GcAtEnd)
{
    /// <summary>RSS at the end minus RSS at the first mark after the warm-up: what a leak would show.</summary>
    public long GrowthAfterFirstMark => AtMarks.Count > 1 ? AtMarks[^1] - AtMarks[0] : 0;

    /// <summary>How much of that growth is the GC heap's committed memory.</summary>
    public long GcGrowthAfterFirstMark => GcAtEnd.Committed - GcAtFirstMark.Committed;

    /// <summary>The rest: native allocations (ONNX Runtime, glibc's arenas), code and mapped files.</summary>
    public long NativeGrowthAfterFirstMark => GrowthAfterFirstMark - GcGrowthAfterFirstMark;
}
