using ImageSaga.ServiceDefaults;
using ImageSaga.ServiceDefaults.Options;
using ImageSaga.ServiceDefaults.Persistence;
using ImageSaga.Users.Access;
using ImageSaga.Users.History;
using ImageSaga.Users.Notifications;
using ImageSaga.Users.Preferences;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageSaga.Users.Persistence;

public static class UserDataRegistration
{
    /// <summary>
    /// Registers the user-data context on the configured provider and database (the saga's: same connection string),
    /// and the stores over it. Safe to call from several services in one process.
    /// </summary>
    public static IHostApplicationBuilder AddUserData(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(descriptor => descriptor.ServiceType == typeof(IUserDataDbContextFactory)))
            return builder;

        var options = builder.Configuration.GetSection(PersistenceOptions.Section).Get<PersistenceOptions>() ?? new PersistenceOptions();
        if (options.Provider == PersistenceProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
                throw new OptionsValidationException(PersistenceOptions.Section, typeof(PersistenceOptions),
                    ["ImageSaga:Persistence:ConnectionString is required when the provider is Postgres."]);
            services.AddPooledDbContextFactory<PostgresUserDataDbContext>(db =>
                db.UseNpgsql(options.ConnectionString, npgsql => npgsql.MigrationsHistoryTable(UserDataDbContext.MigrationsHistoryTable)));
            services.AddSingleton<IUserDataDbContextFactory, UserDataDbContextFactory<PostgresUserDataDbContext>>();
        }
        else
        {
            services.AddPooledDbContextFactory<SqliteUserDataDbContext>((provider, db) =>
                db.UseSqlite(options.ConnectionString ?? $"Data Source={provider.GetRequiredService<DataFolder>().Resolve("imagesaga.db")}",
                        sqlite => sqlite.MigrationsHistoryTable(UserDataDbContext.MigrationsHistoryTable))
                    .AddInterceptors(new SqliteConnectionSettingsInterceptor(options.SqliteSynchronous)));
            services.AddSingleton<IUserDataDbContextFactory, UserDataDbContextFactory<SqliteUserDataDbContext>>();
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UserPreferencesStore>();
        services.TryAddSingleton<UserImageHistory>();
        services.TryAddSingleton<NotificationInbox>();
        services.TryAddSingleton<ApiKeyStore>();
        return builder;
    }

    /// <summary>Applies the user-data migrations unless <c>ImageSaga:Persistence:MigrateOnStart</c> is false.</summary>
    public static async Task MigrateUserDataAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        if (!services.GetRequiredService<IOptions<PersistenceOptions>>().Value.MigrateOnStart)
            return;

        // Several services migrate these tables at start; an advisory lock makes them take turns.
        await using var db = services.GetRequiredService<IUserDataDbContextFactory>().CreateDbContext();
        await db.Database.MigrateExclusivelyAsync(cancellationToken);
    }
}
