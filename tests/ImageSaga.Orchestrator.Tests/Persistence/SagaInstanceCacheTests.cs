using ImageSaga.Orchestrator.Persistence;

namespace ImageSaga.Orchestrator.Tests.Persistence;

/// <summary>The repository's cache of committed saga instances, on its own.</summary>
public sealed class SagaInstanceCacheTests
{
    [Fact]
    public void An_instance_is_checked_out_to_one_message_at_a_time()
    {
        var cache = new SagaInstanceCache<ImageAnalysisState>(verifyBeforeUse: false);
        var saga = new ImageAnalysisState { CorrelationId = Guid.NewGuid(), Version = 3 };
        cache.CheckIn(saga);

        cache.TryCheckOut(saga.CorrelationId, out var first).ShouldBeTrue();
        first.ShouldBeSameAs(saga);
        // A second message of the same saga meanwhile finds nothing and loads the row.
        cache.TryCheckOut(saga.CorrelationId, out _).ShouldBeFalse();
        cache.Count.ShouldBe(0);
    }

    [Fact]
    public void Only_what_was_checked_in_again_is_kept()
    {
        var cache = new SagaInstanceCache<ImageAnalysisState>(verifyBeforeUse: false);
        var saga = new ImageAnalysisState { CorrelationId = Guid.NewGuid(), Version = 1 };
        cache.CheckIn(saga);
        cache.TryCheckOut(saga.CorrelationId, out _).ShouldBeTrue();

        // The message failed: nothing was checked in, so nothing is served.
        cache.TryCheckOut(saga.CorrelationId, out _).ShouldBeFalse();

        saga.Version = 2;
        cache.CheckIn(saga);
        cache.TryCheckOut(saga.CorrelationId, out var next).ShouldBeTrue();
        next.Version.ShouldBe(2);
    }

    [Fact]
    public void The_least_recently_saved_instances_go_first_beyond_the_capacity()
    {
        var cache = new SagaInstanceCache<ImageAnalysisState>(verifyBeforeUse: false);
        var sagas = Enumerable.Range(0, SagaInstanceCache<ImageAnalysisState>.Capacity + 10)
            .Select(_ => new ImageAnalysisState { CorrelationId = Guid.NewGuid() })
            .ToList();
        foreach (var saga in sagas)
            cache.CheckIn(saga);

        cache.Count.ShouldBe(SagaInstanceCache<ImageAnalysisState>.Capacity);
        cache.TryCheckOut(sagas[0].CorrelationId, out _).ShouldBeFalse();
        cache.TryCheckOut(sagas[9].CorrelationId, out _).ShouldBeFalse();
        cache.TryCheckOut(sagas[10].CorrelationId, out _).ShouldBeTrue();
        cache.TryCheckOut(sagas[^1].CorrelationId, out _).ShouldBeTrue();
    }

    [Fact]
    public void A_deleted_saga_is_forgotten()
    {
        var cache = new SagaInstanceCache<ImageAnalysisState>(verifyBeforeUse: false);
        var saga = new ImageAnalysisState { CorrelationId = Guid.NewGuid() };
        cache.CheckIn(saga);

        cache.Forget(saga.CorrelationId);

        cache.TryCheckOut(saga.CorrelationId, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("InMemory", false)]
    [InlineData("RabbitMQ", true)]
    public void Copies_are_checked_against_the_row_for_a_while_once_another_process_wrote_a_saga(string transport, bool verifies)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new ServiceDefaults.Options.BusOptions
        {
            Transport = Enum.Parse<ServiceDefaults.Options.BusTransport>(transport),
        });
        var clock = new Support.ManualClock(DateTimeOffset.UtcNow);
        var cache = new SagaInstanceCache<ImageAnalysisState>(options, clock);
        cache.VerifyBeforeUse.ShouldBeFalse();

        cache.StaleCopySeen();
        cache.VerifyBeforeUse.ShouldBe(verifies);

        clock.Advance(SagaInstanceCache<ImageAnalysisState>.VerificationPeriod + TimeSpan.FromSeconds(1));
        cache.VerifyBeforeUse.ShouldBeFalse();
    }
}
