using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;
using static Syncthing.Engine.Tests.Index.Ix;

namespace Syncthing.Engine.Tests.Index;

public sealed class NeedAndCountsTests : IDisposable
{
    private readonly TempIndex _db = new();

    public void Dispose() => _db.Dispose();

    private void Scenario()
    {
        _db.Store.UpdateLocal(Folder,
        [
            File("a", V((1, 1)), size: 100),
            Dir("d", V((1, 1))),
            Link("d/l", V((1, 1))),
            File("x", V((1, 2)), deleted: true),
            File("i", V((1, 1)), size: 30, flags: LocalFlags.Ignored),
            File("r", V((1, 3)), size: 7, flags: LocalFlags.ReceiveOnly),
        ]);
        _db.Store.ApplyRemote(Folder, Dev(2),
        [
            File("a", V((1, 1)), size: 100) with { Sequence = 1 },
            Dir("d", V((1, 1))) with { Sequence = 2 },
            File("n", V((2, 1)), size: 50) with { Sequence = 3 },
            File("x", V((1, 2)), deleted: true) with { Sequence = 4 },
            File("r", V((1, 1)), size: 5) with { Sequence = 5 },
            File("z", V((2, 2)), deleted: true) with { Sequence = 6 },
        ], replaceAll: true);
    }

    [Fact]
    public void GlobalCounts_MatchHandComputed()
    {
        Scenario();
        // Globals: a(100) r(5) n(50) files; d dir (128); d/l symlink (128); x, z deleted; i all-invalid (not counted).
        var global = _db.Store.GlobalCounts(Folder);
        Assert.Equal(new IndexCounts(Files: 3, Directories: 1, Symlinks: 1, Deleted: 2, Bytes: 411), global);
        Assert.Equal(7, global.TotalItems);
    }

    [Fact]
    public void LocalCounts_ExcludeFlaggedButIncludeReceiveOnlyChanges()
    {
        Scenario();
        // a(100), r(7, receive-only change), d(128), d/l(128), x deleted; i (ignored) is not counted.
        Assert.Equal(new IndexCounts(2, 1, 1, 1, 363), _db.Store.LocalCounts(Folder));
    }

    [Fact]
    public void LocalNeed_FollowsThe119Rules()
    {
        Scenario();
        // n: missing locally -> needed. z: deleted and never had -> not needed. r: our version is greater -> not
        // needed. i: global invalid -> not needed. a, d, x: equal.
        Assert.Equal(["n"], _db.Store.Need(Folder).Select(f => f.Name));
        Assert.Equal(new IndexCounts(1, 0, 0, 0, 50), _db.Store.NeedCounts(Folder));
    }

    [Fact]
    public void RemoteNeed_AndCompletion_AsRestDbCompletion()
    {
        Scenario();
        Assert.Equal(["d/l"], _db.Store.Need(Folder, Dev(2)).Select(f => f.Name));
        var completion = _db.Store.Completion(Folder, Dev(2));
        Assert.Equal(new FolderCompletion(100 * (1 - (128.0 / 411)), 411, 5, 128, 1, 0, 6), completion);
    }

    [Fact]
    public void UnknownDevice_NeedsEveryValidNonDeletedGlobal()
    {
        Scenario();
        Assert.Equal(["a", "d", "d/l", "n", "r"], _db.Store.Need(Folder, Dev(9)).Select(f => f.Name));
        Assert.Equal(new IndexCounts(3, 1, 1, 0, 411), _db.Store.NeedCounts(Folder, Dev(9)));
    }

    [Fact]
    public void LocalCompletion_UsesOurSequence()
    {
        Scenario();
        var completion = _db.Store.Completion(Folder);
        Assert.Equal(6, completion.Sequence);
        Assert.Equal(1, completion.NeedItems);
        Assert.Equal(50, completion.NeedBytes);
    }

    [Fact]
    public void OnlyDeletesNeeded_CompletionIs95()
    {
        _db.Store.UpdateLocal(Folder, [File("q", V((1, 1)), size: 10)]);
        _db.Store.ApplyRemote(Folder, Dev(2), [File("q", V((1, 1), (2, 1)), deleted: true)], replaceAll: false);

        var need = _db.Store.NeedCounts(Folder);
        Assert.Equal(new IndexCounts(0, 0, 0, 1, 0), need);
        Assert.Equal(1, need.TotalItems);
        var completion = _db.Store.Completion(Folder);
        Assert.Equal(95, completion.CompletionPercent);
        Assert.Equal(1, completion.NeedDeletes);
        Assert.Equal(0, completion.NeedItems);
    }

    [Fact]
    public void LocallyIgnoredOlderEntry_StillNeedsNewerGlobal()
    {
        _db.Store.UpdateLocal(Folder, [File("a", V((1, 1)), flags: LocalFlags.Ignored)]);
        _db.Store.ApplyRemote(Folder, Dev(2), [File("a", V((1, 1), (2, 1)))], replaceAll: false);
        Assert.Single(_db.Store.Need(Folder));
    }

    [Fact]
    public void EmptyVersionGlobal_IsNeverNeeded()
    {
        _db.Store.ApplyRemote(Folder, Dev(2), [File("a", VersionVector.Empty)], replaceAll: false);
        Assert.Empty(_db.Store.Need(Folder));
    }

    [Fact]
    public void Need_IsOrderedByName_AndPagesAcrossChunks()
    {
        var files = Enumerable.Range(0, 1200).Reverse()
            .Select(i => File($"f{i:D4}", V((2, 1))) with { Sequence = i + 1 });
        _db.Store.ApplyRemote(Folder, Dev(2), files, replaceAll: true);

        var all = _db.Store.Need(Folder).Select(f => f.Name).ToList();
        Assert.Equal(Enumerable.Range(0, 1200).Select(i => $"f{i:D4}"), all);

        var page = _db.Store.Need(Folder, skip: 510, take: 600).Select(f => f.Name).ToList();
        Assert.Equal(Enumerable.Range(510, 600).Select(i => $"f{i:D4}"), page);
        Assert.Equal(1200, _db.Store.NeedCounts(Folder).Files);
    }
}
