using Syncthing.Engine.Ignore;
using Syncthing.Engine.Tests.Infrastructure;
using Syncthing.Engine.Watcher;
using Xunit;

namespace Syncthing.Engine.Tests.Watcher;

/// <summary><see cref="FolderWatcher"/> with a fake event source and a fake clock: windows, filtering, collapse, overflow, stop.</summary>
public sealed class FolderWatcherTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSource _source = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _inProgress = [];
    private IgnoreMatcher? _ignores;
    private FolderWatcher? _watcher;
    private Task? _run;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
        }

        _stop.Dispose();
    }

    private FolderWatcher Start(int delaySeconds = 10)
    {
        _watcher = new FolderWatcher(_source, delaySeconds, () => _ignores, _time, name => _inProgress.Contains(name));
        _run = _watcher.RunAsync(_stop.Token);
        return _watcher;
    }

    private void Advance(double seconds) => _time.Advance(TimeSpan.FromSeconds(seconds));

    private List<string[]> Drain()
    {
        var batches = new List<string[]>();
        while (_watcher!.Batches.TryRead(out var batch))
        {
            batches.Add([.. batch]);
        }

        return batches;
    }

    [Fact]
    public void Change_EmittedAtTheNextTick_NotBefore()
    {
        Start();
        Advance(3);
        _source.Push("a.txt");
        Advance(6.9);
        Assert.Empty(Drain());
        Advance(0.1);
        Assert.Equal([["a.txt"]], Drain());
    }

    [Fact]
    public void ChangeTooRecentAtATick_WaitsForTheNextOne()
    {
        Start();
        Advance(8);
        _source.Push("a.txt");
        Advance(2); // tick at 10: quiet for only 2 s of the required 5
        Assert.Empty(Drain());
        Advance(10); // tick at 20
        Assert.Equal([["a.txt"]], Drain());
    }

    [Fact]
    public void IdleTimer_ArmedByTheFirstEvent()
    {
        Start();
        Advance(30); // the tick at 10 found nothing and the timer went idle
        _source.Push("late.txt");
        Advance(9.9);
        Assert.Empty(Drain());
        Advance(0.1);
        Assert.Equal([["late.txt"]], Drain());
    }

    [Fact]
    public void ManyEventsInOneWindow_OneSortedBatch()
    {
        Start();
        foreach (var name in new[] { "b", "a", "dir/c", "a", "b" })
        {
            _source.Push(name);
        }

        Advance(10);
        Assert.Equal([["a", "b", "dir/c"]], Drain());
    }

    [Fact]
    public void Removal_DelayedWhileChangesKeepComing_ThenEmittedLast()
    {
        Start();
        _source.Push("old.txt", WatchEventKind.Remove);
        _source.Push("busy.log");
        for (var t = 4; t <= 68; t += 4)
        {
            Advance(4);
            _source.Push("busy.log"); // never quiet for 5 s at a tick, so the removal waits with it
            Assert.Empty(Drain());
        }

        Advance(2); // t = 70: past the 60 s timeout for both
        Assert.Equal([["busy.log"], ["old.txt"]], Drain());
    }

    [Fact]
    public void InternalTemporaryAndIgnoredNames_Dropped()
    {
        _ignores = IgnoreMatcher.Load("*.key\nbuild", _ => null).GetMatcherOrThrow();
        Start();
        foreach (var name in new[]
        {
            ".syncthing.a.txt.tmp", "sub/.syncthing.b.tmp", "~syncthing~c.tmp", ".stfolder", ".stignore",
            ".stversions/a~20200101.txt", "secret.key", "d/other.key", "build/out.o", "keep.txt", "sub/keep2",
        })
        {
            _source.Push(name);
        }

        Advance(10);
        Assert.Equal([["keep.txt", "sub/keep2"]], Drain());
    }

    [Fact]
    public void IgnorePatterns_ReadAtEachEvent()
    {
        Start();
        _source.Push("x.key");
        _ignores = IgnoreMatcher.Load("*.key", _ => null).GetMatcherOrThrow();
        _source.Push("y.key");
        Advance(10);
        Assert.Equal([["x.key"]], Drain());
    }

    [Fact]
    public void ItemsThePullerIsWriting_Dropped()
    {
        _inProgress.Add("pulling.bin");
        Start();
        _source.Push("pulling.bin");
        _source.Push("local.bin");
        Advance(10);
        Assert.Equal([["local.bin"]], Drain());
    }

    [Fact]
    public void ManyChangesInOneDirectory_CollapseToIt()
    {
        Start();
        for (var i = 0; i <= WatchAggregator.DefaultMaxFilesPerDir; i++)
        {
            _source.Push($"photos/2026/img{i:D4}.jpg");
        }

        _source.Push("notes.txt");
        Advance(10);
        Assert.Equal([["notes.txt", "photos/2026"]], Drain());
    }

    [Fact]
    public void TooManyChangesInTotal_WholeFolder()
    {
        Start();
        for (var i = 0; i <= WatchAggregator.DefaultMaxFiles; i++)
        {
            _source.Push($"d{i % 100}/f{i}");
        }

        Advance(10);
        Assert.Equal([[""]], Drain());
    }

    [Fact]
    public void Overflow_ScansEverything()
    {
        Start();
        _source.Push("a");
        _source.Emit(WatchEvent.Overflow);
        _source.Push("b");
        Advance(10);
        Assert.Equal([[""]], Drain());
    }

    [Fact]
    public async Task Cancellation_StopsTheSourceAndCompletesTheBatches()
    {
        var watcher = Start();
        Assert.True(_source.Started);
        _source.Push("a");
        await _stop.CancelAsync();
        await _run!.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(_source.Disposed);
        _source.Push("after");
        Advance(20);
        Assert.Empty(Drain());
        await watcher.Batches.Completion.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task StartedTwice_Throws()
    {
        var watcher = Start();
        await Assert.ThrowsAsync<InvalidOperationException>(() => watcher.RunAsync(CancellationToken.None));
    }

    private sealed class FakeSource : IWatchEventSource
    {
        private Action<WatchEvent>? _onEvent;

        public bool Started => _onEvent is not null;

        public bool Disposed { get; private set; }

        public void Start(Action<WatchEvent> onEvent) => _onEvent = onEvent;

        public void Push(string name, WatchEventKind kind = WatchEventKind.NonRemove) => Emit(new WatchEvent(name, kind));

        public void Emit(WatchEvent ev) => _onEvent?.Invoke(ev);

        public void Dispose() => Disposed = true;
    }
}
