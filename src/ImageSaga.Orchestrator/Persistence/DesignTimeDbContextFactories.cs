using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ImageSaga.Orchestrator.Persistence;

// Used only by `dotnet ef migrations add`; the connection strings are never opened.
sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteImageSagaDbContext>
{
    public SqliteImageSagaDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteImageSagaDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresImageSagaDbContext>
{
    public PostgresImageSagaDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresImageSagaDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
