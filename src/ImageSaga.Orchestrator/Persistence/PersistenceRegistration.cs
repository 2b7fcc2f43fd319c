using ImageSaga.ServiceDefaults;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSaga.Orchestrator.Persistence;

public static class PersistenceRegistration
{
    /// <summary>Registers the provider-specific DbContext factory and a readiness check for the database.</summary>
    public static IHostApplicationBuilder AddImageSagaPersistence(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(PersistenceOptions.Section).Get<PersistenceOptions>() ?? new PersistenceOptions();
        var services = builder.Services;
        if (options.Provider == PersistenceProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
                throw new OptionsValidationException(PersistenceOptions.Section, typeof(PersistenceOptions),
                    ["ImageSaga:Persistence:ConnectionString is required when the provider is Postgres."]);
            services.AddPooledDbContextFactory<PostgresImageSagaDbContext>(db => db.UseNpgsql(options.ConnectionString));
            services.AddSingleton<IImageSagaDbContextFactory, ImageSagaDbContextFactory<PostgresImageSagaDbContext>>();
        }
        else
        {
            services.AddPooledDbContextFactory<SqliteImageSagaDbContext>((provider, db) =>
                db.UseSqlite(options.ConnectionString ?? $"Data Source={provider.GetRequiredService<DataFolder>().Resolve("imagesaga.db")}")
                    .AddInterceptors(new SqliteConnectionSettingsInterceptor(options.SqliteSynchronous)));
            services.AddSingleton<IImageSagaDbContextFactory, ImageSagaDbContextFactory<SqliteImageSagaDbContext>>();
        }

        services.TryAddSingleton(typeof(SagaInstanceCache<>));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ImageSagaDefaults.ReadyTag]);
        return builder;
    }

    /// <summary>Applies pending EF Core migrations unless <c>ImageSaga:Persistence:MigrateOnStart</c> is false.</summary>
    public static async Task MigrateImageSagaDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<PersistenceOptions>>().Value;
        if (!options.MigrateOnStart)
            return;

        await using var db = services.GetRequiredService<IImageSagaDbContextFactory>().CreateDbContext();
        await db.Database.MigrateExclusivelyAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets the API read while the saga writes; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        services.GetRequiredService<ILoggerFactory>().CreateLogger("ImageSaga.Persistence")
            .LogInformation("Database ready ({Provider})", db.Database.ProviderName);
    }
}

sealed class DatabaseHealthCheck(IImageSagaDbContextFactory factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = factory.CreateDbContext();
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database does not answer.");
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", exception);
        }
    }
}
