using Syncthing.Engine.Model;

namespace Syncthing.Engine.Tests.Model;

/// <summary>How an index sender cuts its batches and fills last/prev sequence.</summary>
public sealed class IndexBatchingTests : IAsyncLifetime
{
    private readonly ModelNode _a = new("A");
    private readonly ModelNode _b = new("B");

    public Task InitializeAsync()
    {
        _a.Start(_a.Config([_b], ("f", [_b])), new SyncModelOptions { MaxBatchFiles = 2, IndexSendDelay = TimeSpan.FromMilliseconds(10) });
        _b.Start(_b.Config([_a], ("f", [_a])));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task FullBatches_AreFlushed_ButADeleteSlipsInAfterANonDelete()
    {
        // Sequences 1, 2 (files), 3 (a delete: the "old name" of a rename), 4, 5.
        _a.Change("f", _a.File("a", 1), _a.File("b", 1), _a.File("c", 1, deleted: true), _a.File("d", 1), _a.File("e", 1));

        await _b.DialAsync(_a);
        await ModelNode.WaitUntilAsync(() => _b.Store.GetRemoteIndex("f", _a.Id).MaxSequence == 5, "A's index at B");

        var messages = _b.Indexes("f");
        Assert.Equal(["Index", "IndexUpdate"], messages.Select(m => m.Kind));
        Assert.Equal([1L, 2, 3], messages[0].Files.Select(f => f.Sequence));
        Assert.Equal([4L, 5], messages[1].Files.Select(f => f.Sequence));
        Assert.Equal(5, _b.Store.GetRemoteIndex("f", _a.Id).MaxSequence);
    }

    [Fact]
    public async Task Batches_SplitAtTheFileLimit_AndTheSenderRecordsTheLastSequence()
    {
        _a.Change("f", _a.File("a", 1), _a.File("b", 1), _a.File("c", 1));
        var connection = await _b.DialAsync(_a);
        await ModelNode.WaitUntilAsync(() => _b.Store.GetRemoteIndex("f", _a.Id).MaxSequence == 3, "A's index at B");

        var messages = _b.Indexes("f");
        Assert.Equal([2, 1], messages.Select(m => m.Files.Count));
        Assert.Equal(3, _a.Model.SentSequences(_b.Id)["f"]);
        Assert.False(connection.IsClosed);
    }
}
