using System.Diagnostics;
using ImageSaga.Benchmarks;

// dotnet run -c Release --project tests/ImageSaga.Benchmarks -- [--images N] [--quick]
// Scenarios: 3 + 4 (the saga and its memory) first, so its RSS is not inflated by the others; then 1 and 2.
var arguments = BenchmarkArguments.Parse(args);
var started = Stopwatch.GetTimestamp();
var photos = PhotoSet.Load();
var report = new Report
{
    Machine = MachineInfo.Describe(),
    Command = "dotnet run -c Release --project tests/ImageSaga.Benchmarks" + (args.Length > 0 ? " -- " + string.Join(' ', args) : ""),
    StartedAt = DateTimeOffset.UtcNow,
    Duration = TimeSpan.Zero,
    Photos = photos,
};
Console.WriteLine($"ImageSaga benchmarks: {report.Machine.Cpu}, {report.Machine.Cores} cores, {report.Machine.Runtime}; "
    + $"{photos.Count} photos from {photos.Folder}");

if (arguments.Runs("saga"))
{
    Console.WriteLine($"[3+4] Saga end to end, {arguments.SagaImages} images, {arguments.InFlight} in flight");
    report.Saga = await SagaBenchmark.RunAsync(photos, arguments.SagaImages, arguments.InFlight, arguments.Settings);
}

if (arguments.Runs("services") || arguments.Runs("bare"))
{
    using var services = new AnalysisServices();
    if (arguments.Runs("services"))
    {
        Console.WriteLine($"[1] Each service, one thread, {arguments.ServiceImages} images each");
        report.Services = ServiceLatencyBenchmark.Run(services, photos, arguments.ServiceImages);
    }

    if (arguments.Runs("bare"))
    {
        Console.WriteLine($"[2] Bare loop, {arguments.BareImages} images");
        report.Bare = BareLoopBenchmark.Run(services, photos, arguments.BareImages);
    }
}

report.Duration = Stopwatch.GetElapsedTime(started);
Console.WriteLine();
Console.WriteLine(report.ToMarkdown());

if (arguments.WriteDocs)
{
    var path = Path.Combine(PhotoSet.RepositoryRoot(), "docs", "benchmarks.md");
    report.WriteTo(path);
    Console.WriteLine($"Wrote {path}");
}
