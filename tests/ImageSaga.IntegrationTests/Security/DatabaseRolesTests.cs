using System.Diagnostics;
using ImageSaga.IntegrationTests.Infrastructure;
using ImageSaga.Orchestrator.Persistence;
using ImageSaga.ServiceDefaults.Persistence;
using ImageSaga.Users.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ImageSaga.IntegrationTests.Security;

/// <summary>
/// The deployment's PostgreSQL roles, created by the repository's own script
/// (<c>deploy/provisioning/postgres/create-roles.sql</c>, run with psql as the deployments run it) in a fresh database:
/// the owner role runs every migration, and the row-only role the API and notifications use may read and write the
/// rows of the tables those migrations created, but may not create, drop or truncate a table.
/// </summary>
public sealed class DatabaseRolesTests
{
    [Fact]
    public async Task The_owner_role_migrates_and_the_app_role_may_only_read_and_write_rows()
    {
        await using var database = await TestInfrastructure.CreatePostgresDatabaseAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var owner = new Role($"imagesaga_owner_{suffix}", Guid.NewGuid().ToString("N"));
        var app = new Role($"imagesaga_app_{suffix}", Guid.NewGuid().ToString("N"));
        var superuser = TestInfrastructure.SuperuserConnectionString(database);
        await using var admin = new NpgsqlConnection(superuser);
        await admin.OpenAsync(Token);
        try
        {
            await RunCreateRolesScriptAsync(superuser, database.Name, owner, app);

            // Every migration, as the owner.
            await using (var sagas = new PostgresImageSagaDbContext(Options<PostgresImageSagaDbContext>(As(database, owner))))
                await sagas.Database.MigrateExclusivelyAsync(Token);
            await using (var users = new PostgresUserDataDbContext(Options<PostgresUserDataDbContext>(As(database, owner),
                npgsql => npgsql.MigrationsHistoryTable(UserDataDbContext.MigrationsHistoryTable))))
                await users.Database.MigrateExclusivelyAsync(Token);

            // As the app role: rows of every table the migrations created, yes; the tables themselves, no.
            await using var asApp = new NpgsqlConnection(As(database, app));
            await asApp.OpenAsync(Token);
            var tables = await TablesAsync(asApp);
            tables.ShouldContain("execution_history");
            tables.ShouldContain("api_keys");
            foreach (var table in tables)
            {
                foreach (var privilege in new[] { "SELECT", "INSERT", "UPDATE", "DELETE" })
                    (await HasPrivilegeAsync(asApp, table, privilege)).ShouldBeTrue($"{app.Name} may {privilege} on {table}");
            }

            // And through the product's own model: a row written, changed and deleted as the app role.
            await using (var users = new PostgresUserDataDbContext(Options<PostgresUserDataDbContext>(As(database, app),
                npgsql => npgsql.MigrationsHistoryTable(UserDataDbContext.MigrationsHistoryTable))))
            {
                var key = new ImageSaga.Users.Access.ApiKey { KeyId = "0123456789ab", UserId = "alice", SecretHash = new string('0', 64), Name = "roles" };
                users.ApiKeys.Add(key);
                await users.SaveChangesAsync(Token);
                key.Name = "renamed";
                await users.SaveChangesAsync(Token);
                users.ApiKeys.Remove(key);
                await users.SaveChangesAsync(Token);
                (await users.ApiKeys.CountAsync(Token)).ShouldBe(0);
            }

            foreach (var forbidden in new[] { "CREATE TABLE intruder (id int)", "DROP TABLE execution_history", "TRUNCATE api_keys",
                "CREATE TEMPORARY TABLE scratch (id int)", "ALTER TABLE api_keys ADD COLUMN extra int" })
            {
                var refused = await Should.ThrowAsync<PostgresException>(() => ExecuteAsync(asApp, forbidden), forbidden);
                refused.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege, forbidden);
            }

            // Neither role holds a right beyond its own database.
            foreach (var role in new[] { owner, app })
            {
                await using var attributes = new NpgsqlCommand(
                    "SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls FROM pg_roles WHERE rolname = @name", admin);
                attributes.Parameters.AddWithValue("name", role.Name);
                ((bool)(await attributes.ExecuteScalarAsync(Token))!).ShouldBeFalse(role.Name);
            }
        }
        finally
        {
            // The database goes first, with the default privileges and grants in it; then the roles are unused.
            await admin.CloseAsync();
            NpgsqlConnection.ClearAllPools();
            await using var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(superuser) { Database = "postgres" }.ConnectionString);
            await server.OpenAsync(Token);
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{database.Name}\" WITH (FORCE)");
            foreach (var role in new[] { app, owner })
                await ExecuteAsync(server, $"DROP ROLE IF EXISTS \"{role.Name}\"");
        }
    }

    static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The script exactly as <c>create-roles.sh</c> runs it: psql with the same variables.</summary>
    static async Task RunCreateRolesScriptAsync(string superuser, string databaseName, Role owner, Role app)
    {
        var script = Path.Combine(HostProcess.RepositoryRoot, "deploy", "provisioning", "postgres", "create-roles.sql");
        var connection = new NpgsqlConnectionStringBuilder(superuser);
        var psql = new ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "--no-psqlrc", "--host", connection.Host!, "--port", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--username", connection.Username!, "--dbname", databaseName, "--set", "ON_ERROR_STOP=1",
            "--set", $"database={databaseName}", "--set", $"owner={owner.Name}", "--set", $"owner_password={owner.Password}",
            "--set", $"app={app.Name}", "--set", $"app_password={app.Password}", "--file", script,
        })
        {
            psql.ArgumentList.Add(argument);
        }

        psql.Environment["PGPASSWORD"] = connection.Password;
        Process process;
        try
        {
            process = Process.Start(psql)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            TestInfrastructure.Unavailable("psql (PostgreSQL's client) is not installed; it runs the repository's create-roles.sql.");
            return;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(Token);
            var errors = process.StandardError.ReadToEndAsync(Token);
            await process.WaitForExitAsync(Token);
            process.ExitCode.ShouldBe(0, $"{await output}\n{await errors}");
        }
    }

    static string As(PostgresDatabase database, Role role) =>
        new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role.Name, Password = role.Password, Pooling = false }.ConnectionString;

    static DbContextOptions<TContext> Options<TContext>(string connectionString,
        Action<Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder>? npgsql = null)
        where TContext : DbContext =>
        new DbContextOptionsBuilder<TContext>().UseNpgsql(connectionString, npgsql).Options;

    static async Task<List<string>> TablesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync(Token);
        var tables = new List<string>();
        while (await reader.ReadAsync(Token))
            tables.Add(reader.GetString(0));
        return tables;
    }

    static async Task<bool> HasPrivilegeAsync(NpgsqlConnection connection, string table, string privilege)
    {
        await using var command = new NpgsqlCommand("SELECT has_table_privilege(quote_ident(@table), @privilege)", connection);
        command.Parameters.AddWithValue("table", table);
        command.Parameters.AddWithValue("privilege", privilege);
        return (bool)(await command.ExecuteScalarAsync(Token))!;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }

    sealed record Role(string Name, string Password);
}
