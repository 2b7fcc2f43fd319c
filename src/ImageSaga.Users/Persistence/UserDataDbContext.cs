using ImageSaga.ServiceDefaults.Persistence;
using ImageSaga.Users.Access;
using ImageSaga.Users.History;
using ImageSaga.Users.Notifications;
using ImageSaga.Users.Preferences;
using Microsoft.EntityFrameworkCore;

namespace ImageSaga.Users.Persistence;

/// <summary>
/// What is known about users: preferences, the history of their analysed images, their notifications. It lives in
/// the same database as the saga but is its own context with its own migrations history table, so the services that
/// use it (enrichment, notifications, the API) do not depend on the orchestrator's schema, nor it on theirs.
/// One subclass per provider, each with its own migrations.
/// </summary>
public abstract class UserDataDbContext(DbContextOptions options) : DbContext(options)
{
    public const string MigrationsHistoryTable = "__users_migrations_history";

    public DbSet<UserProfile> Profiles => Set<UserProfile>();

    public DbSet<UserImage> Images => Set<UserImage>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<NotificationDelivery> Deliveries => Set<NotificationDelivery>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    protected abstract bool IsPostgres { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserProfile>(entity =>
        {
            entity.ToTable("user_profiles");
            entity.HasKey(profile => profile.UserId);
            entity.Property(profile => profile.UserId).HasMaxLength(128);
            entity.Property(profile => profile.Preferences).IsJson(IsPostgres);
        });

        modelBuilder.Entity<UserImage>(entity =>
        {
            entity.ToTable("user_images");
            entity.HasKey(image => image.ImageId);
            entity.Property(image => image.ImageId).ValueGeneratedNever();
            entity.Property(image => image.UserId).HasMaxLength(128);
            entity.Property(image => image.FileName).HasMaxLength(256);
            entity.Property(image => image.Sha256).HasMaxLength(64);
            entity.Property(image => image.PerceptualHash).HasMaxLength(16);
            entity.Property(image => image.PlaceName).HasMaxLength(200);
            entity.Property(image => image.Labels).IsJson(IsPostgres);
            entity.Property(image => image.Insights).IsJson(IsPostgres);
            entity.HasIndex(image => new { image.UserId, image.UploadedAt });
        });

        modelBuilder.Entity<Notification>(entity =>
        {
            entity.ToTable("notifications");
            entity.HasKey(notification => notification.Id);
            entity.Property(notification => notification.Id).ValueGeneratedNever();
            entity.Property(notification => notification.UserId).HasMaxLength(128);
            entity.Property(notification => notification.Kind).HasMaxLength(32);
            entity.Property(notification => notification.Priority).HasMaxLength(16);
            entity.Property(notification => notification.Title).HasMaxLength(200);
            entity.Property(notification => notification.Text).HasMaxLength(2000);
            if (IsPostgres)
                entity.Property(notification => notification.Payload).HasColumnType("jsonb");
            // One notification per image and outcome: a redelivered outcome event finds it instead of adding another.
            entity.HasIndex(notification => new { notification.ImageId, notification.Kind }).IsUnique();
            entity.HasIndex(notification => new { notification.UserId, notification.CreatedAt });
            entity.HasMany(notification => notification.Deliveries).WithOne().HasForeignKey(delivery => delivery.NotificationId);
        });

        modelBuilder.Entity<ApiKey>(entity =>
        {
            entity.ToTable("api_keys");
            entity.HasKey(key => key.KeyId);
            entity.Property(key => key.KeyId).HasMaxLength(12);
            entity.Property(key => key.UserId).HasMaxLength(128);
            entity.Property(key => key.SecretHash).HasMaxLength(64);
            entity.Property(key => key.Roles).HasMaxLength(64);
            entity.Property(key => key.Name).HasMaxLength(100);
            entity.HasIndex(key => key.UserId);
        });

        modelBuilder.Entity<NotificationDelivery>(entity =>
        {
            entity.ToTable("notification_deliveries");
            entity.HasKey(delivery => new { delivery.NotificationId, delivery.Channel });
            entity.Property(delivery => delivery.Channel).HasMaxLength(32);
            entity.Property(delivery => delivery.Status).HasMaxLength(16);
            entity.Property(delivery => delivery.Detail).HasMaxLength(1000);
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}

public sealed class SqliteUserDataDbContext(DbContextOptions<SqliteUserDataDbContext> options) : UserDataDbContext(options)
{
    protected override bool IsPostgres => false;
}

public sealed class PostgresUserDataDbContext(DbContextOptions<PostgresUserDataDbContext> options) : UserDataDbContext(options)
{
    protected override bool IsPostgres => true;
}
