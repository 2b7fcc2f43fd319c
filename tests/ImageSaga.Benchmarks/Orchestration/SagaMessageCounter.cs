using ImageSaga.Orchestrator;
using MassTransit;

namespace ImageSaga.Benchmarks.Orchestration;

/// <summary>
/// Counts the messages the image-analysis saga consumed: each is one state-machine transition (one event applied to
/// one saga instance, and with our repository one history entry), including the ones the saga absorbs. Connected to
/// the bus as a receive observer, which hears every consumer, the saga included, with its type.
/// </summary>
sealed class SagaMessageCounter : IReceiveObserver
{
    static readonly string SagaType = typeof(ImageAnalysisState).FullName!;

    long _consumed;


    public long Consumed => Interlocked.Read(ref _consumed);

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class
    {
        if (consumerType == SagaType)
            Interlocked.Increment(ref _consumed);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;

    public Task ReceiveFault(ReceiveContext context, Exception exception) => Task.CompletedTask;
}
