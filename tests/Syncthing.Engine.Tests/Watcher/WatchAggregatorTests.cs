using Syncthing.Engine.Watcher;
using Xunit;

namespace Syncthing.Engine.Tests.Watcher;

/// <summary>The aggregation rules of 1.19's watchaggregator, driven with explicit times.</summary>
public sealed class WatchAggregatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // fsWatcherDelayS = 10 → timeout 60 s.
    private readonly WatchAggregator _a = new(TimeSpan.FromSeconds(10), WatchAggregator.NotifyTimeout(10));

    private static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    private static string[][] Flat(IReadOnlyList<IReadOnlyList<string>> batches) => [.. batches.Select(b => b.ToArray())];

    [Theory]
    [InlineData(1, 6)]
    [InlineData(5, 30)]
    [InlineData(9, 54)]
    [InlineData(10, 60)]
    [InlineData(59, 60)]
    [InlineData(60, 60)]
    [InlineData(120, 120)]
    public void NotifyTimeout_Is1_19sRule(int delay, int timeout) =>
        Assert.Equal(TimeSpan.FromSeconds(timeout), WatchAggregator.NotifyTimeout(delay));

    [Fact]
    public void Change_DueOnceQuietForMoreThanHalfTheDelay()
    {
        _a.Add("a.txt", WatchEventKind.NonRemove, At(0));
        Assert.Empty(_a.PopDue(At(5)));
        Assert.Equal([["a.txt"]], Flat(_a.PopDue(At(5.001))));
        Assert.Equal(0, _a.Count);
    }

    [Fact]
    public void RepeatedChanges_HeldBackUntilTimeoutAfterFirstEvent()
    {
        for (var t = 0; t < 60; t += 4)
        {
            _a.Add("busy.log", WatchEventKind.NonRemove, At(t));
            Assert.Empty(_a.PopDue(At(t + 0.5)));
        }

        _a.Add("busy.log", WatchEventKind.NonRemove, At(60.5));
        Assert.Equal([["busy.log"]], Flat(_a.PopDue(At(60.6))));
    }

    [Fact]
    public void Removal_HeldBackWhileAChangeIsPending_ThenReleasedWithIt()
    {
        _a.Add("gone", WatchEventKind.Remove, At(0));
        _a.Add("new", WatchEventKind.NonRemove, At(8));

        Assert.Empty(_a.PopDue(At(10)));

        // The change is due; with only removals left they are not delayed further, and come last.
        Assert.Equal([["new"], ["gone"]], Flat(_a.PopDue(At(14))));
    }

    [Fact]
    public void LoneRemoval_NotDelayedBeyondAChange()
    {
        _a.Add("gone", WatchEventKind.Remove, At(0));
        Assert.Empty(_a.PopDue(At(5)));
        Assert.Equal([["gone"]], Flat(_a.PopDue(At(5.001))));
    }

    [Fact]
    public void Removal_WithChangesKeepingItCompany_WaitsForTheTimeout()
    {
        _a.Add("gone", WatchEventKind.Remove, At(0));
        for (var t = 0; t < 60; t += 10)
        {
            _a.Add("busy", WatchEventKind.NonRemove, At(t));
            Assert.Empty(_a.PopDue(At(t + 1)));
        }

        Assert.Equal([["busy"], ["gone"]], Flat(_a.PopDue(At(61))));
    }

    [Fact]
    public void Batches_ChangesFirstThenMixedThenRemovals()
    {
        _a.Add("r", WatchEventKind.Remove, At(0));
        _a.Add("m", WatchEventKind.Remove, At(0));
        _a.Add("m", WatchEventKind.NonRemove, At(0));
        _a.Add("c2", WatchEventKind.NonRemove, At(0));
        _a.Add("c1", WatchEventKind.NonRemove, At(0));

        Assert.Equal([["c1", "c2"], ["m"], ["r"]], Flat(_a.PopDue(At(61))));
    }

    [Fact]
    public void EventBelowTrackedDirectory_Absorbed()
    {
        _a.Add("dir", WatchEventKind.NonRemove, At(0));
        _a.Add("dir/sub/file", WatchEventKind.NonRemove, At(1));
        Assert.Equal(1, _a.Count);
        Assert.Equal([["dir"]], Flat(_a.PopDue(At(7))));
    }

    [Fact]
    public void DirectoryEventAfterChildren_ReplacesThemKeepingFirstTime()
    {
        _a.Add("dir/a", WatchEventKind.NonRemove, At(0));
        _a.Add("dir/b", WatchEventKind.Remove, At(0));
        _a.Add("dir", WatchEventKind.NonRemove, At(50));
        Assert.Equal(1, _a.Count);
        _a.Add("other", WatchEventKind.NonRemove, At(58)); // a pending change keeps removals delayed

        // Mixed (a removal below), so it is held back, but only until 60 s after the children's first event.
        Assert.Empty(_a.PopDue(At(59)));
        Assert.Equal([["dir"]], Flat(_a.PopDue(At(60.5))));
    }

    [Fact]
    public void TooManyChildrenInOneDirectory_DirectoryTrackedInstead()
    {
        var a = new WatchAggregator(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), maxFiles: 100, maxFilesPerDir: 3);
        a.Add("d/x/1", WatchEventKind.NonRemove, At(0));
        a.Add("d/x/2", WatchEventKind.NonRemove, At(0));
        a.Add("d/x/3", WatchEventKind.NonRemove, At(0));
        a.Add("d/x/4", WatchEventKind.NonRemove, At(0));
        a.Add("d/y", WatchEventKind.NonRemove, At(0));

        Assert.Equal([["d/x", "d/y"]], Flat(a.PopDue(At(6))));
    }

    [Fact]
    public void TooManyChildrenAlongThePath_CollapsesToThatDirectory()
    {
        var a = new WatchAggregator(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), maxFiles: 100, maxFilesPerDir: 2);
        a.Add("d/a", WatchEventKind.NonRemove, At(0));
        a.Add("d/b", WatchEventKind.NonRemove, At(0));
        a.Add("d/c/deep/file", WatchEventKind.NonRemove, At(0));

        Assert.Equal([["d"]], Flat(a.PopDue(At(6))));
    }

    [Fact]
    public void RootMayHoldMaxFilesChildren()
    {
        var a = new WatchAggregator(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), maxFiles: 5, maxFilesPerDir: 2);
        for (var i = 0; i < 4; i++)
        {
            a.Add("f" + i, WatchEventKind.NonRemove, At(0));
        }

        Assert.False(a.TracksWholeFolder);
        Assert.Equal(4, a.PopDue(At(6))[0].Count);
    }

    [Fact]
    public void TooManyInTotal_WholeFolder_ThenEverythingDropped()
    {
        var a = new WatchAggregator(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), maxFiles: 4, maxFilesPerDir: 10);
        for (var i = 0; i < 4; i++)
        {
            a.Add($"d{i}/f", WatchEventKind.NonRemove, At(0));
        }

        a.Add("one/more", WatchEventKind.NonRemove, At(0));
        Assert.True(a.TracksWholeFolder);
        a.Add("and/another", WatchEventKind.Remove, At(1));
        Assert.Equal(1, a.Count);

        Assert.Equal([[""]], Flat(a.PopDue(At(7))));
        Assert.False(a.TracksWholeFolder);
    }

    [Fact]
    public void WholeFolderEvent_ReplacesEverything()
    {
        _a.Add("a", WatchEventKind.NonRemove, At(0));
        _a.Add("", WatchEventKind.NonRemove, At(1));
        Assert.True(_a.TracksWholeFolder);
        Assert.Equal([[""]], Flat(_a.PopDue(At(7))));
    }

    [Fact]
    public void Count_StaysExactWhenADirectoryAbsorbsItsChildren()
    {
        var a = new WatchAggregator(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), maxFiles: 4, maxFilesPerDir: 10);
        for (var round = 0; round < 10; round++)
        {
            a.Add("d/1", WatchEventKind.NonRemove, At(round * 100));
            a.Add("d/2", WatchEventKind.NonRemove, At(round * 100));
            a.Add("d", WatchEventKind.NonRemove, At(round * 100));
            Assert.Equal(1, a.Count);
            Assert.Equal([["d"]], Flat(a.PopDue(At((round * 100) + 6))));
        }

        Assert.False(a.TracksWholeFolder);
    }
}
