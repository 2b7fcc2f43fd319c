using System.Collections.Concurrent;
using ImageSaga.IntegrationTests.Infrastructure;
using ImageSaga.Orchestrator.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageSaga.IntegrationTests.Persistence;

/// <summary>
/// Schedule, Unschedule and delayed redelivery on RabbitMQ without the delayed-message plugin: scheduled messages
/// live in PostgreSQL and are sent by whichever orchestrator is running when they come due.
/// </summary>
public sealed class DurableSchedulerTests
{
    [Fact]
    public async Task A_scheduled_message_survives_a_restart_and_is_delivered_once_while_a_cancelled_one_never_is()
    {
        await using var database = await TestInfrastructure.CreatePostgresDatabaseAsync();
        await using var virtualHost = await (await TestInfrastructure.RequireRabbitMqAsync()).CreateVirtualHostAsync();
        var dataFolder = Directory.CreateTempSubdirectory("imagesaga-scheduler-").FullName;
        var settings = RabbitMqSettings(virtualHost);
        var probe = new ProbeRecorder();
        var destination = new Uri("queue:scheduler-probe");

        using var first = await InProcessOrchestrator.StartAsync("Postgres", database.ConnectionString, dataFolder, withSteps: false, settings: settings);
        var scheduler = first.Services.GetRequiredService<IMessageScheduler>();
        var due = DateTime.UtcNow.AddSeconds(5);
        await scheduler.ScheduleSend(destination, due, new SchedulerProbe { Name = "kept" });
        var cancelled = await scheduler.ScheduleSend(destination, due, new SchedulerProbe { Name = "cancelled" });
        await scheduler.CancelScheduledSend(destination, cancelled.TokenId);

        await WaitUntilAsync(async () => await CountScheduledAsync(first) == 1 && await IsCancelledAsync(first, cancelled.TokenId));
        await first.StopAsync();

        using var second = await InProcessOrchestrator.StartAsync("Postgres", database.ConnectionString, dataFolder, withSteps: false,
            settings: settings, register: (bus, services) =>
            {
                services.AddSingleton(probe);
                bus.AddConsumer<ProbeConsumer>().Endpoint(endpoint => endpoint.Name = "scheduler-probe");
            });
        await WaitUntilAsync(() => Task.FromResult(!probe.Received.IsEmpty));
        await Task.Delay(TimeSpan.FromSeconds(3));

        await Task.Delay(TimeSpan.FromSeconds(1));
        probe.Received.Select(received => received.Name).ShouldBe(["kept"]);
        probe.Received.Single().At.ShouldBeGreaterThanOrEqualTo(due.AddMilliseconds(-50));
        (await CountScheduledAsync(second)).ShouldBe(0);
        await second.StopAsync();
    }

    [Fact]
    public async Task A_failing_step_is_redelivered_later_through_the_durable_scheduler()
    {
        await using var database = await TestInfrastructure.CreatePostgresDatabaseAsync();
        await using var virtualHost = await (await TestInfrastructure.RequireRabbitMqAsync()).CreateVirtualHostAsync();
        var dataFolder = Directory.CreateTempSubdirectory("imagesaga-redelivery-").FullName;
        var probe = new ProbeRecorder();

        using var host = await InProcessOrchestrator.StartAsync("Postgres", database.ConnectionString, dataFolder, withSteps: false,
            settings: RabbitMqSettings(virtualHost), register: (bus, services) =>
            {
                services.AddSingleton(probe);
                bus.AddConsumer<FailsOnceConsumer, FailsOnceConsumerDefinition>();
            });

        await host.Services.GetRequiredService<IBus>().Publish(new SchedulerProbe { Name = "flaky" });
        await WaitUntilAsync(() => Task.FromResult(probe.Received.Count >= 2));

        probe.Received.Select(received => received.RedeliveryCount).ShouldBe([0, 1]);
        (probe.Received.Last().At - probe.Received.First().At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.5));
        await host.StopAsync();
    }

    static Dictionary<string, string?> RabbitMqSettings(RabbitMqVirtualHost virtualHost) => new()
    {
        ["ImageSaga:Bus:Transport"] = "RabbitMQ",
        ["ImageSaga:Bus:RabbitMq:Uri"] = virtualHost.AmqpUri.ToString(),
    };

    /// <summary>Messages waiting to be sent (cancelled tokens stay behind as tombstones and do not count).</summary>
    static async Task<int> CountScheduledAsync(IHost host)
    {
        await using var db = host.Services.GetRequiredService<IImageSagaDbContextFactory>().CreateDbContext();
        return await db.ScheduledMessages.CountAsync(row => row.CancelledAt == null);
    }

    static async Task<bool> IsCancelledAsync(IHost host, Guid tokenId)
    {
        await using var db = host.Services.GetRequiredService<IImageSagaDbContextFactory>().CreateDbContext();
        return await db.ScheduledMessages.AnyAsync(row => row.TokenId == tokenId && row.CancelledAt != null);
    }

    static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The condition did not hold within 45 s. Recent warnings:\n{RecordingLoggerProvider.Instance.Recent}");
            await Task.Delay(100);
        }
    }
}

public sealed record SchedulerProbe
{
    public string Name { get; init; } = "";
}

public sealed record ReceivedProbe(string Name, DateTime At, int RedeliveryCount);

public sealed class ProbeRecorder
{
    public ConcurrentQueue<ReceivedProbe> Received { get; } = new();

    public void Record(ConsumeContext<SchedulerProbe> context) =>
        Received.Enqueue(new ReceivedProbe(context.Message.Name, DateTime.UtcNow, context.GetRedeliveryCount()));
}

public sealed class ProbeConsumer(ProbeRecorder recorder) : IConsumer<SchedulerProbe>
{
    public Task Consume(ConsumeContext<SchedulerProbe> context)
    {
        recorder.Record(context);
        return Task.CompletedTask;
    }
}

public sealed class FailsOnceConsumer(ProbeRecorder recorder) : IConsumer<SchedulerProbe>
{
    public Task Consume(ConsumeContext<SchedulerProbe> context)
    {
        recorder.Record(context);
        return context.GetRedeliveryCount() == 0
            ? throw new InvalidOperationException("The first delivery fails, as a dependency that is down would.")
            : Task.CompletedTask;
    }
}

public sealed class FailsOnceConsumerDefinition : ConsumerDefinition<FailsOnceConsumer>
{
    public FailsOnceConsumerDefinition() => EndpointName = "redelivery-probe";

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<FailsOnceConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseScheduledRedelivery(redelivery => redelivery.Intervals(TimeSpan.FromSeconds(2)));
}
