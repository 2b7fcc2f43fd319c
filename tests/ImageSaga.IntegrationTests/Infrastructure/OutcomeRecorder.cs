using System.Collections.Concurrent;
using ImageSaga.Contracts;
using MassTransit;

namespace ImageSaga.IntegrationTests.Infrastructure;

/// <summary>A subscriber to the saga's outcome events that records every delivery, duplicates included.</summary>
public sealed class OutcomeRecorder : IConsumer<ImageAnalysisCompleted>, IConsumer<ImageAnalysisFailed>
{
    readonly ConcurrentQueue<OutcomeDelivery> _deliveries = new();

    public IReadOnlyCollection<OutcomeDelivery> Deliveries => _deliveries;

    public int DistinctImages => _deliveries.Select(delivery => delivery.ImageId).Distinct().Count();

    public Task Consume(ConsumeContext<ImageAnalysisCompleted> context)
    {
        _deliveries.Enqueue(new OutcomeDelivery(context.Message.ImageId, context.MessageId, Completed: true, ""));
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ImageAnalysisFailed> context)
    {
        _deliveries.Enqueue(new OutcomeDelivery(context.Message.ImageId, context.MessageId, Completed: false, context.Message.ReasonCode));
        return Task.CompletedTask;
    }

    public async Task WaitForDistinctImagesAsync(int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DistinctImages < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Only {DistinctImages} of {count} images reported an outcome within {within}.");
            await Task.Delay(200);
        }
    }

    /// <summary>A bus of the test's own, subscribed to the outcome events on the given broker.</summary>
    public async Task<IBusControl> ListenOnRabbitMqAsync(Uri amqp)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(amqp);
            cfg.ReceiveEndpoint($"test-outcomes-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Instance(this);
            });
        });
        await bus.StartAsync();
        return bus;
    }
}

public sealed record OutcomeDelivery(Guid ImageId, Guid? MessageId, bool Completed, string ReasonCode);
