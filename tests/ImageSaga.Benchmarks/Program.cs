using System.Diagnostics;
using ImageSaga.Benchmarks;
using ImageSaga.Benchmarks.Infrastructure;
using ImageSaga.Benchmarks.Orchestration;
using ImageSaga.Benchmarks.Processes;

// dotnet run -c Release --project tests/ImageSaga.Benchmarks -- [--quick] [--only orchestration,services,bare,saga,broker,processes]
// The embedded saga runs before the bare loop, so the saga's RSS is not inflated by the loop's models, and the bare loop
// runs right after it, before anything else, so the saga and its baseline are measured about a minute apart: this
// machine's speed drifts by ±15 % over an hour, and the ratio between them is issue 4's target. The orchestration
// scenario loads no models; the broker run and the processes scenario come last.
// Options: BenchmarkArguments; what each scenario measures: docs/benchmarks.md.
if (args is [BareLoopWorker.Argument])
{
    await BareLoopWorker.RunAsync();
    return;
}

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

var servers = BenchmarkServers.From(arguments.RabbitMq, arguments.Postgres);
if (arguments.Runs("orchestration"))
{
    Console.WriteLine($"[orchestration] {arguments.OrchestrationSagas} sagas per setup with instant steps, {arguments.OrchestrationInFlight} in flight");
    report.Orchestration = await OrchestrationBenchmark.RunInRoundsAsync(OrchestrationSetup.Select(arguments.Setups).ToList(), servers,
        arguments.OrchestrationSagas, arguments.OrchestrationInFlight, arguments.OrchestrationRounds, arguments.Settings);
}

if (arguments.Runs("saga"))
{
    Console.WriteLine($"[saga] Saga end to end, embedded, {arguments.SagaImages} images, {arguments.InFlight} in flight");
    report.Saga = await SagaBenchmark.RunAsync(photos, arguments.SagaImages, arguments.InFlight, arguments.IdleUploads, SagaDeployment.Embedded,
        servers, arguments.Settings, arguments.Runs("bare") ? arguments.AlternatingPairs : 0, arguments.AlternatingImages);
}

if (arguments.Runs("services") || arguments.Runs("bare"))
{
    using var services = new AnalysisServices();
    if (arguments.Runs("bare"))
    {
        Console.WriteLine($"[bare] Bare loop, {arguments.BareImages} images");
        report.Bare = BareLoopBenchmark.Run(services, photos, arguments.BareImages);
    }

    if (arguments.Runs("services"))
    {
        Console.WriteLine($"[services] Each service, one thread, {arguments.ServiceImages} images each");
        report.Services = ServiceLatencyBenchmark.Run(services, photos, arguments.ServiceImages);
    }
}

if (arguments.Runs("broker"))
{
    Console.WriteLine($"[broker] Saga end to end on RabbitMQ + PostgreSQL, {arguments.BrokerImages} images, {arguments.InFlight} in flight");
    report.SagaOnBroker = await SagaBenchmark.RunAsync(photos, arguments.BrokerImages, arguments.InFlight, arguments.IdleUploads,
        SagaDeployment.RabbitMqPostgres, servers, arguments.Settings);
}

if (arguments.Runs("processes"))
{
    Console.WriteLine($"[processes] One process per service on RabbitMQ + PostgreSQL: {arguments.ProcessImages} images for memory, "
        + $"then {arguments.ScalingImages} with one and with two detection processes");
    report.Processes = await ProcessDeploymentBenchmark.RunAsync(photos, servers, warmUpImages: 10 * photos.Count, arguments.ProcessImages,
        arguments.ScalingImages, arguments.InFlight);
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
