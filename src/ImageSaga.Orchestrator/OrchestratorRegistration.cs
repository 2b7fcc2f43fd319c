using ImageSaga.Orchestrator.Batches;
using ImageSaga.Orchestrator.Intake;
using ImageSaga.Orchestrator.Persistence;
using ImageSaga.Orchestrator.Queries;
using ImageSaga.Orchestrator.Review;
using ImageSaga.Orchestrator.Scheduling;
using ImageSaga.Orchestrator.Steps;
using ImageSaga.ServiceDefaults.Messaging;
using ImageSaga.ServiceDefaults.Options;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageSaga.Orchestrator;

public static class OrchestratorRegistration
{
    /// <summary>The orchestrator's share of the bus: the saga on our EF repository, the JSON intake, status queries, the scheduler.</summary>
    public static IBusRegistrationConfigurator AddOrchestrator(this IBusRegistrationConfigurator bus, IConfiguration configuration)
    {
        bus.AddSagaStateMachine<ImageAnalysisStateMachine, ImageAnalysisState, ImageAnalysisStateDefinition>()
            .Repository(repository => repository.AddEntityFrameworkSagaRepository<ImageAnalysisState>());
        bus.AddSagaStateMachine<BatchStateMachine, BatchState, BatchStateDefinition>()
            .Repository(repository => repository.AddEntityFrameworkSagaRepository<BatchState>());
        bus.AddConsumer<ImageUploadIntakeConsumer, ImageUploadIntakeConsumerDefinition>();
        bus.AddConsumer<ImageAnalysisStatusQueryConsumer>().Endpoint(endpoint => endpoint.Name = ImageAnalysisStatusQueryConsumer.Queue);
        bus.AddConsumer<RejectedImageCleanupConsumer>().Endpoint(endpoint => endpoint.Name = RejectedImageCleanupConsumer.Queue);

        if (UsesDurableScheduler(configuration))
        {
            // A cancel can race its own schedule (both insert the token's row); the loser's retry finds the row and
            // converges: the schedule sees the tombstone, or the cancel marks the stored schedule cancelled.
            bus.AddConsumer<ScheduleMessageConsumer>(consumer => consumer.UseMessageRetry(retry => retry.Intervals(20, 100, 500, 2000)))
                .Endpoint(endpoint => endpoint.Name = ImageSagaEndpoints.Scheduler);
        }
        return bus;
    }

    /// <summary>The orchestrator's own services: options, the deadline sweeper and, on RabbitMQ, the scheduler's dispatcher.</summary>
    public static IHostApplicationBuilder AddOrchestratorServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnalysisOptions>()
            .Bind(builder.Configuration.GetSection(AnalysisOptions.Section))
            .ValidateDataAnnotations()
            .Validate(options => options.Steps.Keys.All(name => AnalysisSteps.All.Any(step => step.Name.Equals(name, StringComparison.OrdinalIgnoreCase))),
                $"{AnalysisOptions.Section}:Steps names a step that does not exist; known: {string.Join(", ", AnalysisSteps.All.Select(s => s.Name))}.")
            .Validate(options => options.Steps.Values.Any(step => step.Enabled), "At least one analysis step must be enabled.")
            .ValidateOnStart();
        builder.Services.AddHostedService<DeadlineSweeper>();
        if (UsesDurableScheduler(builder.Configuration))
            builder.Services.AddHostedService<ScheduledMessageDispatcher>();
        return builder;
    }

    static void AddEntityFrameworkSagaRepository<TSaga>(this ISagaRepositoryRegistrationConfigurator<TSaga> repository)
        where TSaga : class, IRecordsExecutionHistory
    {
        repository.RegisterSagaRepository<TSaga, ImageSagaDbContext, SagaConsumeContextFactory<ImageSagaDbContext, TSaga>,
            EntityFrameworkSagaRepositoryContextFactory<TSaga>>();
        repository.RegisterLoadSagaRepository<TSaga, EntityFrameworkSagaRepositoryContextFactory<TSaga>>();
        repository.RegisterQuerySagaRepository<TSaga, EntityFrameworkSagaRepositoryContextFactory<TSaga>>();
    }

    static bool UsesDurableScheduler(IConfiguration configuration) =>
        (configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions()).Transport == BusTransport.RabbitMQ;
}
