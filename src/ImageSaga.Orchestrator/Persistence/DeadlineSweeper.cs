using ImageSaga.Contracts;
using ImageSaga.Orchestrator.Steps;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSaga.Orchestrator.Persistence;

/// <summary>
/// The saga's timer. Every step deadline is stored in the saga row, in the same transaction as the state that set it;
/// this sweeper finds sagas whose earliest deadline has passed and raises <see cref="ImageAnalysisDeadlineReached"/>.
/// That one mechanism gives per-step timeouts and crash recovery: if the process dies after the saga was saved but
/// before its commands left the outbox, the deadline still comes due and the saga sends the step again.
/// Several orchestrators may sweep at once; the saga applies a deadline idempotently, so a duplicate costs nothing.
/// </summary>
sealed class DeadlineSweeper(
    IServiceScopeFactory scopeFactory,
    IOptions<AnalysisOptions> options,
    TimeProvider clock,
    ILogger<DeadlineSweeper> logger) : BackgroundService
{
    const int BatchSize = 500;

    // Deadlines already raised, so a saga whose message is still queued is not raised again every sweep.
    readonly Dictionary<Guid, (DateTime Deadline, DateTime RaisedAt)> _raised = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DeadlineSweepInterval, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The database or the broker may be away for a moment; the next sweep tries again.
                logger.LogWarning(exception, "Deadline sweep failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopeFactory.CreateAsyncScope();
        await using var db = scope.ServiceProvider.GetRequiredService<IImageSagaDbContextFactory>().CreateDbContext();
        var due = await db.ImageAnalyses.AsNoTracking()
            .Where(saga => saga.NextDeadlineAt != null && saga.NextDeadlineAt <= now)
            .OrderBy(saga => saga.NextDeadlineAt)
            .Select(saga => new { saga.CorrelationId, Deadline = saga.NextDeadlineAt!.Value })
            .Take(BatchSize)
            .ToListAsync(cancellationToken);

        var publisher = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        var raised = 0;
        foreach (var saga in due)
        {
            if (_raised.TryGetValue(saga.CorrelationId, out var previous) && previous.Deadline == saga.Deadline &&
                now - previous.RaisedAt < TimeSpan.FromSeconds(30))
                continue;

            await publisher.Publish(new ImageAnalysisDeadlineReached
            {
                ImageId = saga.CorrelationId,
                Deadline = new DateTimeOffset(saga.Deadline, TimeSpan.Zero),
            }, cancellationToken);
            _raised[saga.CorrelationId] = (saga.Deadline, now);
            raised++;
        }

        // Forget what is no longer due, so the memory is bounded by the number of overdue sagas.
        var stillDue = due.Select(saga => saga.CorrelationId).ToHashSet();
        foreach (var id in _raised.Keys.Where(id => !stillDue.Contains(id)).ToList())
            _raised.Remove(id);

        if (raised > 0)
            logger.LogInformation("Raised {Count} step deadline(s)", raised);
        return raised;
    }
}
