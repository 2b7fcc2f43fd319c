using ImageSaga.Imaging;
using ImageSaga.ServiceDefaults.Options;
using Microsoft.Extensions.Options;

namespace ImageSaga.Metadata.Tests;

public sealed class ComputeGateTests
{
    [Fact]
    public async Task Admits_no_more_analyses_than_its_capacity_and_the_next_one_when_a_slot_frees()
    {
        using var gate = new ComputeGate(Options.Create(new ComputeOptions { MaxConcurrentAnalyses = 2 }));
        var release = Enumerable.Range(0, 5).Select(_ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var started = new bool[5];
        var running = Enumerable.Range(0, 5)
            .Select(i => gate.RunAsync(() => { started[i] = true; return release[i].Task; }, CancellationToken.None))
            .ToArray();

        await WaitUntilAsync(() => gate.InUse == 2);
        started.Count(s => s).ShouldBe(2);

        var first = Array.IndexOf(started, true);
        release[first].SetResult(first);
        (await running[first]).ShouldBe(first);
        await WaitUntilAsync(() => started.Count(s => s) == 3);
        gate.InUse.ShouldBe(2);

        foreach (var completion in release)
            completion.TrySetResult(-1);
        await Task.WhenAll(running);
        gate.InUse.ShouldBe(0);
    }

    [Fact]
    public async Task A_failing_or_cancelled_analysis_gives_its_slot_back()
    {
        using var gate = new ComputeGate(Options.Create(new ComputeOptions { MaxConcurrentAnalyses = 1 }));

        await Should.ThrowAsync<InvalidOperationException>(() => gate.RunAsync<int>(() => throw new InvalidOperationException("bad"), CancellationToken.None));
        gate.InUse.ShouldBe(0);

        var blocker = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = gate.RunAsync(() => blocker.Task, CancellationToken.None);
        using var cancellation = new CancellationTokenSource();
        var waiting = gate.RunAsync(() => Task.FromResult(1), cancellation.Token);
        await cancellation.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => waiting);

        blocker.SetResult(7);
        (await holding).ShouldBe(7);
        (await gate.RunAsync(() => Task.FromResult(2), CancellationToken.None)).ShouldBe(2);
        gate.InUse.ShouldBe(0);
    }

    [Fact]
    public void Defaults_to_one_analysis_per_core()
    {
        using var gate = new ComputeGate(Options.Create(new ComputeOptions()));
        gate.Capacity.ShouldBe(Environment.ProcessorCount);
    }

    static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 10)
        {
            if (waited > 10_000)
                throw new TimeoutException("The gate did not reach the expected state within 10 s.");
            await Task.Delay(10);
        }
    }
}
