namespace ImageSaga.IntegrationTests.Faults;

/// <summary>
/// A step that throws on every try (a poison message) and one that never answers (a hang), for a few uploads among
/// many ordinary ones: the broken ones fail with the reason recorded, the others complete, and nothing loops or sticks.
/// </summary>
public sealed class BadStepTests
{
    const int Uploads = 150;

    [Fact]
    public async Task A_poison_step_dead_letters_its_command_and_fails_only_its_own_saga()
    {
        var ledger = await FaultScenarios.PoisonStepAsync(Uploads);

        ledger.ShouldHaveLostNothing(ledger.Logs);
        ledger.Broken.Count.ShouldBe(FaultScenarios.PoisonImages);
        ledger.Completed.ShouldBe(Uploads, $"{ledger}\n{ledger.Logs}");
        foreach (var imageId in ledger.Broken)
        {
            var saga = ledger.Sagas[imageId].ShouldNotBeNull();
            saga.State.ShouldBe("Failed", ledger.ToString());
            saga.FailedStep.ShouldBe("metadata", ledger.ToString());
            saga.ReasonCode.ShouldBe("step-faulted", ledger.ToString());
            saga.FailureMessage.ShouldNotBeNull().ShouldContain("IOException", Case.Sensitive, ledger.ToString());
            // Once each: the command is parked, not redelivered in a loop.
            ledger.DeadLettered["extract-metadata_error"].Count(id => id == imageId).ShouldBe(1, ledger.ToString());
            ledger.DeadLettered["compute-fingerprint_error"].Count(id => id == imageId).ShouldBe(1, ledger.ToString());
        }

        ledger.OnErrorQueues.ShouldBe(2 * FaultScenarios.PoisonImages, "only the poison commands are dead-lettered");
    }

    [Fact]
    public async Task A_hanging_step_times_out_its_own_saga_and_the_others_complete()
    {
        var ledger = await FaultScenarios.HangingStepAsync(Uploads);

        ledger.ShouldHaveLostNothing(ledger.Logs);
        ledger.Broken.Count.ShouldBe(FaultScenarios.HangingImages);
        foreach (var imageId in ledger.Broken)
        {
            var saga = ledger.Sagas[imageId].ShouldNotBeNull();
            saga.State.ShouldBe("Failed", ledger.ToString());
            saga.FailedStep.ShouldBe("metadata", ledger.ToString());
            saga.ReasonCode.ShouldBe("timed-out", ledger.ToString());
        }

        // The hung reads are given up (ImageSaga:Limits:StoredImageReadTimeout), so they hold no consumer slot for ever.
        ledger.Completed.ShouldBe(Uploads, $"{ledger}\n{ledger.Logs}");
        ledger.OnErrorQueues.ShouldBe(0, "a hang is not a fault: nothing is dead-lettered");
    }
}
