using Syncthing.Engine.Puller;

namespace Syncthing.Engine.Tests.Puller;

public sealed class ByteBudgetTests
{
    [Fact]
    public async Task AcquireAsync_BeyondCapacity_WaitsUntilReleased_InArrivalOrder()
    {
        var budget = new ByteBudget(100);
        await budget.AcquireAsync(60, CancellationToken.None);
        var second = budget.AcquireAsync(60, CancellationToken.None);
        var third = budget.AcquireAsync(10, CancellationToken.None);

        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted); // Fits, but must not overtake the waiter before it.

        budget.Release(60);
        await second.WaitAsync(TimeSpan.FromSeconds(5));
        await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(70, budget.InUse);
    }

    [Fact]
    public async Task AcquireAsync_LargerThanCapacity_IsAdmittedAloneAndCancellationReturnsNothing()
    {
        var budget = new ByteBudget(10);
        await budget.AcquireAsync(50, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var waiting = budget.AcquireAsync(5, cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        budget.Release(50);
        Assert.Equal(0, budget.InUse);
        Assert.Throws<InvalidOperationException>(() => budget.Release(1));
    }
}
