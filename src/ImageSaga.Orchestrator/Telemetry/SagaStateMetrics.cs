using System.Diagnostics.Metrics;
using ImageSaga.Orchestrator.Persistence;
using ImageSaga.ServiceDefaults.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageSaga.Orchestrator.Telemetry;

/// <summary>
/// How many executions are in each state, read from the saga table (the truth, whichever orchestrator instance moved
/// them): <c>imagesaga.images{state}</c> and <c>imagesaga.sagas.in_flight</c>. Counted every few seconds in the
/// background, so a scrape never waits for the database. Every orchestrator instance reports the same figures: take
/// the max across instances, not the sum.
/// </summary>
public sealed class SagaStateMetrics : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    static readonly string[] RunningStates = ["Analyzing", "Enriching", "AwaitingReview"];

    readonly IImageSagaDbContextFactory _dbFactory;
    readonly ILogger<SagaStateMetrics> _logger;
    IReadOnlyDictionary<string, int> _byState = new Dictionary<string, int>();

    public SagaStateMetrics(IImageSagaDbContextFactory dbFactory, ILogger<SagaStateMetrics> logger)
    {
        _dbFactory = dbFactory;
        _logger = logger;
        ImageSagaTelemetry.Meter.CreateObservableGauge("imagesaga.images", ObserveStates, "{image}", "Executions by saga state (Completed, Failed, Rejected and Cancelled are final)");
        ImageSagaTelemetry.Meter.CreateObservableGauge("imagesaga.sagas.in_flight",
            () => RunningStates.Sum(state => _byState.GetValueOrDefault(state)), "{saga}", "Executions not yet in a final state");
    }

    IEnumerable<Measurement<int>> ObserveStates() =>
        _byState.Select(count => new Measurement<int>(count.Value, new KeyValuePair<string, object?>("state", count.Key)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await using var db = _dbFactory.CreateDbContext();
                _byState = await db.ImageAnalyses.AsNoTracking().GroupBy(saga => saga.CurrentState)
                    .Select(group => new { State = group.Key, Count = group.Count() })
                    .ToDictionaryAsync(group => group.State, group => group.Count, stoppingToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // The figures go stale rather than wrong; /health/ready reports the database itself.
                _logger.LogDebug(failure, "Could not count sagas by state");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
