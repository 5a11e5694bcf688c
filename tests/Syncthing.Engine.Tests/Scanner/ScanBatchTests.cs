using System.Collections.Concurrent;
using System.Reflection;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Scanner;
using Syncthing.Engine.Tests.Index;

namespace Syncthing.Engine.Tests.Scanner;

public sealed class ScanBatchTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private readonly TempIndex _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task A_batch_being_written_does_not_hold_up_adders_and_batches_commit_in_fill_order()
    {
        using var firstWriting = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        var committed = new ConcurrentQueue<string>();
        var store = HookedStore.Wrap(_db.Store, batch =>
        {
            if (committed.IsEmpty && !firstWriting.IsSet)
            {
                firstWriting.Set();
                Assert.True(releaseFirst.Wait(Limit));
            }

            committed.Enqueue(batch[0].Name);
        });
        var batch = new ScanBatch(store, Ix.Folder, maxRecords: 2, maxBlocks: 1000);

        batch.Add(Ix.File("a1", Ix.V((1, 1))), default);
        var first = Task.Run(() => batch.Add(Ix.File("a2", Ix.V((1, 1))), default)); // fills batch 1, writes it (held)
        Assert.True(firstWriting.Wait(Limit));

        // While batch 1 is being written, adding goes on; the thread that fills batch 2 waits for its turn.
        batch.Add(Ix.File("b1", Ix.V((1, 1))), default);
        var second = Task.Run(() => batch.Add(Ix.File("b2", Ix.V((1, 1))), default));
        Assert.True(SpinWait.SpinUntil(() => batch.PendingCount == 0, Limit)); // b2 filled batch 2 and took it
        batch.Add(Ix.File("c1", Ix.V((1, 1))), default);
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        Assert.False(first.IsCompleted);

        releaseFirst.Set();
        await Task.WhenAll(first, second).WaitAsync(Limit);
        batch.Flush(default);

        Assert.Equal(["a1", "b1", "c1"], committed);
        Assert.Equal(3, batch.Flushes);
        Assert.Equal(5, _db.Store.LocalEntriesUnder(Ix.Folder, "").Count());
    }

    /// <summary>An <see cref="IIndexStore"/> that runs a hook before each UpdateLocal and forwards everything.</summary>
    public class HookedStore : DispatchProxy
    {
        private IIndexStore _inner = null!;
        private Action<List<FileRecord>> _beforeUpdate = null!;

        internal static IIndexStore Wrap(IIndexStore inner, Action<List<FileRecord>> beforeUpdate)
        {
            var proxy = Create<IIndexStore, HookedStore>();
            var hooked = (HookedStore)(object)proxy;
            hooked._inner = inner;
            hooked._beforeUpdate = beforeUpdate;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IIndexStore.UpdateLocal))
            {
                _beforeUpdate(((IEnumerable<FileRecord>)args![1]!).ToList());
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}
