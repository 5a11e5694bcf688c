using System.Collections.Concurrent;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Fs.InMemory;
using Syncthing.Engine.Puller;
using Syncthing.Engine.Tests.Infrastructure;

namespace Syncthing.Engine.Tests.Puller;

public sealed class DurabilityGroupTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private readonly InMemoryFileSystem _fs = new(new FakeTimeProvider());
    private readonly ConcurrentQueue<string[]> _flushes = new();
    private readonly ManualResetEventSlim _firstStarted = new();
    private readonly ManualResetEventSlim _releaseFirst = new();
    private readonly DurabilityGroup _group;

    /// <summary>Every flush is recorded; the first one is held until <see cref="_releaseFirst"/>; the second throws when told to.</summary>
    public DurabilityGroupTests()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            using var stream = _fs.CreateNew(name, 0x1A4);
            stream.WriteByte(1);
        }

        _fs.BeforeSyncFiles = names =>
        {
            _flushes.Enqueue([.. names]);
            if (_flushes.Count == 1)
            {
                _firstStarted.Set();
                Assert.True(_releaseFirst.Wait(Limit));
            }
            else if (_flushes.Count == 2 && FailSecond)
            {
                throw new FsException(FsErrorKind.Io, "", "syncfs failed: input/output error");
            }
        };
        _group = new DurabilityGroup(_fs);
    }

    private bool FailSecond { get; set; }

    public void Dispose()
    {
        _releaseFirst.Set();
        _firstStarted.Dispose();
        _releaseFirst.Dispose();
    }

    /// <summary>Starts "a", whose flush is then running (held) when this returns.</summary>
    private Task StartHeldFlush()
    {
        var a = Task.Run(() => _group.SyncAsync("a", default));
        Assert.True(_firstStarted.Wait(Limit));
        return a;
    }

    [Fact]
    public async Task Files_asking_during_a_flush_share_the_next_one()
    {
        var a = StartHeldFlush();
        var others = new[] { "b", "c", "d" }.Select(n => _group.SyncAsync(n, default)).ToList();
        await Task.Delay(50);
        Assert.All(others, t => Assert.False(t.IsCompleted)); // Not durable while their flush has not run.

        _releaseFirst.Set();
        await a.WaitAsync(Limit);
        await Task.WhenAll(others).WaitAsync(Limit);

        Assert.Equal([["a"], ["b", "c", "d"]], _flushes.ToArray());
        Assert.Equal(2, _group.Flushes);
        Assert.Contains("fsync-group b c d", _fs.Journal);
    }

    [Fact]
    public async Task A_failed_flush_fails_its_whole_group_and_the_next_group_is_flushed_again()
    {
        FailSecond = true;
        var a = StartHeldFlush();
        var failing = new[] { "b", "c" }.Select(n => _group.SyncAsync(n, default)).ToList();
        _releaseFirst.Set();
        await a.WaitAsync(Limit);
        foreach (var task in failing)
        {
            var error = await Assert.ThrowsAsync<FsException>(() => task.WaitAsync(Limit));
            Assert.Contains("input/output error", error.Message, StringComparison.Ordinal);
        }

        await _group.SyncAsync("d", default).WaitAsync(Limit);
        Assert.Equal([["a"], ["b", "c"], ["d"]], _flushes.ToArray());
    }

    [Fact]
    public async Task A_caller_that_gives_up_waiting_is_cancelled_while_its_group_still_completes()
    {
        var a = StartHeldFlush();
        using var cts = new CancellationTokenSource();
        var b = _group.SyncAsync("b", cts.Token);
        var c = _group.SyncAsync("c", default);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b.WaitAsync(Limit));
        _releaseFirst.Set();
        await a.WaitAsync(Limit);
        await c.WaitAsync(Limit);
        Assert.Equal([["a"], ["b", "c"]], _flushes.ToArray());
    }
}
