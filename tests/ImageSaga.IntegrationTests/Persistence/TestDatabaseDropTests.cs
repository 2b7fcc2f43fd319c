using ImageSaga.IntegrationTests.Infrastructure;
using Npgsql;

namespace ImageSaga.IntegrationTests.Persistence;

/// <summary>
/// The tests' own databases are dropped even while the server holds a session on one that the test role may not end.
/// In CI an autovacuum worker did exactly that after a write-heavy end-to-end test: <c>DROP DATABASE … WITH (FORCE)</c>
/// was refused with 42501 and failed a test whose assertions had all passed.
/// </summary>
public sealed class TestDatabaseDropTests
{
    [Fact]
    public async Task A_test_database_is_dropped_once_a_session_the_test_role_may_not_end_has_closed()
    {
        var database = await TestInfrastructure.CreatePostgresDatabaseAsync();
        // A superuser's session: under .ci/run the test role (CREATEDB only) may not terminate it, as with autovacuum.
        var foreignSession = new NpgsqlConnection(TestInfrastructure.SuperuserConnectionString(database));
        await foreignSession.OpenAsync(Token);

        var drop = database.DisposeAsync().AsTask();
        await Task.Delay(TimeSpan.FromSeconds(1), Token);
        await foreignSession.DisposeAsync();
        await drop;

        await using var server = new NpgsqlConnection(await TestInfrastructure.RequirePostgresAsync());
        await server.OpenAsync(Token);
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", server);
        exists.Parameters.AddWithValue("name", database.Name);
        ((long)(await exists.ExecuteScalarAsync(Token))!).ShouldBe(0L);
    }

    static CancellationToken Token => TestContext.Current.CancellationToken;
}
