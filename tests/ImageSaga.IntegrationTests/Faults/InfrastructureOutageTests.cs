namespace ImageSaga.IntegrationTests.Faults;

/// <summary>
/// RabbitMQ or PostgreSQL going away for 10 s mid-run. The servers are shared with other test assemblies, so the
/// outage is scoped to the test's deployment: its processes reach the server through a TCP relay that is taken down,
/// while the server itself drops the deployment's connections (RabbitMQ management API; <c>pg_terminate_backend</c>),
/// as a restart would. See docs/reliability.md for exactly what is and is not simulated.
/// </summary>
public sealed class InfrastructureOutageTests
{
    const int Uploads = 150;

    [Fact]
    public async Task A_rabbitmq_outage_mid_run_loses_no_upload()
    {
        var ledger = await FaultScenarios.RabbitMqOutageAsync(Uploads);

        ledger.ShouldHaveLostNothing(ledger.Logs);
        ledger.Completed.ShouldBe(Uploads, $"{ledger}\n{ledger.Logs}");
        ledger.OnErrorQueues.ShouldBe(0, ledger.ToString());
    }

    [Fact]
    public async Task A_postgresql_outage_mid_run_loses_no_upload()
    {
        var ledger = await FaultScenarios.PostgresOutageAsync(Uploads);

        ledger.ShouldHaveLostNothing(ledger.Logs);
        ledger.Completed.ShouldBe(Uploads, $"{ledger}\n{ledger.Logs}");
        ledger.OnErrorQueues.ShouldBe(0, ledger.ToString());
    }
}
