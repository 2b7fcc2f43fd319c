namespace ImageSaga.IntegrationTests.Faults;

/// <summary>
/// kill -9 of a service process while uploads are in flight, on real RabbitMQ and PostgreSQL with every service its
/// own process: afterwards every upload is in exactly one final state with exactly one outcome event.
/// </summary>
public sealed class ProcessCrashTests
{
    const int Uploads = 150;

    [Fact]
    public async Task Losing_the_detection_process_mid_run_loses_no_upload()
    {
        var ledger = await FaultScenarios.KillVisionServiceAsync(Uploads);

        ledger.ShouldHaveLostNothing(ledger.Logs);
        ledger.Completed.ShouldBe(Uploads, $"the replacement answers what the lost process held\n{ledger}");
        ledger.OnErrorQueues.ShouldBe(0, ledger.ToString());
    }

    [Fact]
    public async Task Losing_the_enrichment_process_mid_run_loses_no_upload()
    {
        var ledger = await FaultScenarios.KillEnrichmentAsync(Uploads);

        ledger.ShouldHaveLostNothing(ledger.Logs);
        ledger.Completed.ShouldBe(Uploads, $"{ledger}\n{ledger.Logs}");
        ledger.OnErrorQueues.ShouldBe(0, ledger.ToString());
    }

    [Fact]
    public async Task Losing_the_orchestrator_mid_run_loses_no_upload()
    {
        var ledger = await FaultScenarios.KillOrchestratorAsync(Uploads);

        ledger.ShouldHaveLostNothing(ledger.Logs);
        ledger.Completed.ShouldBe(Uploads, $"{ledger}\n{ledger.Logs}");
        ledger.OnErrorQueues.ShouldBe(0, ledger.ToString());
    }
}
