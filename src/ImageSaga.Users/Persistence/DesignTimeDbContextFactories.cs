using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ImageSaga.Users.Persistence;

// Used only by `dotnet ef migrations add`; the connection strings are never opened.
sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteUserDataDbContext>
{
    public SqliteUserDataDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteUserDataDbContext>()
            .UseSqlite("Data Source=design-time.db", sqlite => sqlite.MigrationsHistoryTable(UserDataDbContext.MigrationsHistoryTable)).Options);
}

sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresUserDataDbContext>
{
    public PostgresUserDataDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresUserDataDbContext>()
            .UseNpgsql("Host=localhost;Database=design_time", npgsql => npgsql.MigrationsHistoryTable(UserDataDbContext.MigrationsHistoryTable)).Options);
}
