namespace ImageSaga.Benchmarks.Processes;

/// <summary>
/// One service process's resident memory during the long run: after the warm-up, at each share of the uploads, the
/// largest sample and the kernel's high-water mark (VmHWM), in bytes.
/// </summary>
sealed record ProcessMemoryRow(string Process, long AfterWarmUp, IReadOnlyList<long> AtMarks, long PeakSampled, long HighWaterMark)
{
    /// <summary>RSS at the end minus RSS at the first mark after the warm-up: what a leak would show.</summary>
    public long GrowthAfterFirstMark => AtMarks.Count > 1 ? AtMarks[^1] - AtMarks[0] : 0;
}
