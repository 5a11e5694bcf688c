using System.Collections.Concurrent;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Fs.InMemory;
using Syncthing.Engine.Puller;
using Syncthing.Engine.Tests.Infrastructure;

namespace Syncthing.Engine.Tests.Puller;

public sealed class DurabilityGroupTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private readonly InMemoryFileSystem _fs = new(new FakeTimeProvider());
    private readonly ConcurrentQueue<string[]> _flushes = new();

    public DurabilityGroupTests()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            using var stream = _fs.CreateNew(name, 0x1A4);
            stream.WriteByte(1);
        }
    }

    [Fact]
    public async Task Files_asking_during_a_flush_share_the_next_one()
    {
        using var firstStarted = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        _fs.BeforeSyncFiles = names =>
        {
            _flushes.Enqueue([.. names]);
            if (_flushes.Count == 1)
            {
                firstStarted.Set();
                Assert.True(releaseFirst.Wait(Limit));
            }
        };
        var group = new DurabilityGroup(_fs);

        var a = Task.Run(() => group.SyncAsync("a", default));
        Assert.True(firstStarted.Wait(Limit));
        var others = new[] { "b", "c", "d" }.Select(n => group.SyncAsync(n, default)).ToList();
        await Task.Delay(50);
        Assert.All(others, t => Assert.False(t.IsCompleted)); // Not durable while their flush has not run.

        releaseFirst.Set();
        await a.WaitAsync(Limit);
        await Task.WhenAll(others).WaitAsync(Limit);

        Assert.Equal([["a"], ["b", "c", "d"]], _flushes.ToArray());
        Assert.Equal(2, group.Flushes);
        Assert.Contains("fsync-group b c d", _fs.Journal);
    }

    [Fact]
    public async Task A_failed_flush_fails_its_whole_group_and_the_next_group_is_flushed_again()
    {
        using var firstStarted = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        _fs.BeforeSyncFiles = names =>
        {
            _flushes.Enqueue([.. names]);
            switch (_flushes.Count)
            {
                case 1:
                    firstStarted.Set();
                    Assert.True(releaseFirst.Wait(Limit));
                    break;
                case 2:
                    throw new FsException(FsErrorKind.Io, "", "syncfs failed: input/output error");
            }
        };
        var group = new DurabilityGroup(_fs);

        var a = Task.Run(() => group.SyncAsync("a", default));
        Assert.True(firstStarted.Wait(Limit));
        var failing = new[] { "b", "c" }.Select(n => group.SyncAsync(n, default)).ToList();
        releaseFirst.Set();
        await a.WaitAsync(Limit);
        foreach (var task in failing)
        {
            var error = await Assert.ThrowsAsync<FsException>(() => task.WaitAsync(Limit));
            Assert.Contains("input/output error", error.Message, StringComparison.Ordinal);
        }

        await group.SyncAsync("d", default).WaitAsync(Limit);
        Assert.Equal([["a"], ["b", "c"], ["d"]], _flushes.ToArray());
    }

    [Fact]
    public async Task A_caller_that_gives_up_waiting_is_cancelled_while_its_group_still_completes()
    {
        using var releaseFirst = new ManualResetEventSlim();
        using var firstStarted = new ManualResetEventSlim();
        _fs.BeforeSyncFiles = names =>
        {
            _flushes.Enqueue([.. names]);
            if (_flushes.Count == 1)
            {
                firstStarted.Set();
                Assert.True(releaseFirst.Wait(Limit));
            }
        };
        var group = new DurabilityGroup(_fs);
        var a = Task.Run(() => group.SyncAsync("a", default));
        Assert.True(firstStarted.Wait(Limit));
        using var cts = new CancellationTokenSource();
        var b = group.SyncAsync("b", cts.Token);
        var c = group.SyncAsync("c", default);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b.WaitAsync(Limit));
        releaseFirst.Set();
        await a.WaitAsync(Limit);
        await c.WaitAsync(Limit);
        Assert.Equal([["a"], ["b", "c"]], _flushes.ToArray());
    }
}
