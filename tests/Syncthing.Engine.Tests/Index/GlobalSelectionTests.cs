using Syncthing.Engine.Protocol;
using static Syncthing.Engine.Tests.Index.Ix;

namespace Syncthing.Engine.Tests.Index;

/// <summary>Global selection through the store, one row per rule of 1.19's version list.</summary>
public sealed class GlobalSelectionTests : IDisposable
{
    private readonly TempIndex _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void EqualVersions_AreSharedAndAvailableFromTheRemote()
    {
        _db.Store.UpdateLocal(Folder, [File("a", V((1, 1)))]);
        _db.Store.ApplyRemote(Folder, Dev(2), [File("a", V((1, 1))) with { Sequence = 4 }], replaceAll: true);

        Assert.Equal(V((1, 1)), _db.Store.GetGlobal(Folder, "a")!.Version);
        Assert.Equal([Dev(2)], _db.Store.Availability(Folder, "a"));
        Assert.Empty(_db.Store.Need(Folder));
        Assert.Empty(_db.Store.Need(Folder, Dev(2)));
    }

    [Fact]
    public void GreaterVersion_Wins_AndIsNeededLocally()
    {
        _db.Store.UpdateLocal(Folder, [File("a", V((1, 1)), mtime: 2000)]);
        _db.Store.ApplyRemote(Folder, Dev(2), [File("a", V((1, 1), (2, 1)), mtime: 1000)], replaceAll: false);

        Assert.Equal(V((1, 1), (2, 1)), _db.Store.GetGlobal(Folder, "a")!.Version);
        Assert.Equal(["a"], _db.Store.Need(Folder).Select(f => f.Name));
        Assert.Empty(_db.Store.Need(Folder, Dev(2)));
    }

    [Fact]
    public void Concurrent_NewerMtimeWins_EvenWhenConcurrentLesser()
    {
        // Local is ConcurrentGreater (ahead at id 1) but older; the remote's newer mtime wins.
        _db.Store.UpdateLocal(Folder, [File("a", V((1, 5), (2, 3)), mtime: 1000)]);
        _db.Store.ApplyRemote(Folder, Dev(2), [File("a", V((1, 4), (2, 7)), mtime: 1001)], replaceAll: false);

        Assert.Equal(1001, _db.Store.GetGlobal(Folder, "a")!.ModifiedSeconds);
        Assert.Single(_db.Store.Need(Folder));
        Assert.Empty(_db.Store.Need(Folder, Dev(2)));
    }

    [Fact]
    public void Concurrent_EqualMtime_ConcurrentGreaterWins()
    {
        _db.Store.UpdateLocal(Folder, [File("a", V((1, 4), (2, 7)), mtime: 1000)]);
        _db.Store.ApplyRemote(Folder, Dev(2), [File("a", V((1, 5), (2, 3)), mtime: 1000)], replaceAll: false);

        Assert.Equal(V((1, 5), (2, 3)), _db.Store.GetGlobal(Folder, "a")!.Version);
        Assert.Single(_db.Store.Need(Folder));
    }

    [Fact]
    public void Invalid_LosesEvenWithGreaterVersion()
    {
        _db.Store.UpdateLocal(Folder, [File("a", V((1, 1)))]);
        _db.Store.ApplyRemote(Folder, Dev(2), [File("a", V((1, 1), (2, 9)), invalid: true)], replaceAll: false);

        var global = _db.Store.GetGlobal(Folder, "a")!;
        Assert.Equal(V((1, 1)), global.Version);
        Assert.False(global.IsInvalid);
        Assert.Empty(_db.Store.Need(Folder));
        Assert.Empty(_db.Store.Availability(Folder, "a"));
    }

    [Fact]
    public void ConcurrentDelete_LosesToModification_EvenWhenNewer()
    {
        _db.Store.UpdateLocal(Folder, [File("a", V((1, 2)), mtime: 1000)]);
        _db.Store.ApplyRemote(Folder, Dev(2), [File("a", V((1, 1), (2, 1)), deleted: true, mtime: 5000)], replaceAll: false);

        Assert.False(_db.Store.GetGlobal(Folder, "a")!.Deleted);
        Assert.Empty(_db.Store.Need(Folder));
        Assert.Single(_db.Store.Need(Folder, Dev(2)));
    }

    [Fact]
    public void GreaterDelete_Wins()
    {
        _db.Store.UpdateLocal(Folder, [File("a", V((1, 1)))]);
        _db.Store.ApplyRemote(Folder, Dev(2), [File("a", V((1, 1), (2, 1)), deleted: true)], replaceAll: false);

        Assert.True(_db.Store.GetGlobal(Folder, "a")!.Deleted);
        var need = Assert.Single(_db.Store.Need(Folder));
        Assert.True(need.Deleted);
    }

    [Fact]
    public void AllInvalid_GlobalIsInvalid_NotCounted_NotNeeded()
    {
        _db.Store.UpdateLocal(Folder, [File("a", V((1, 1)), flags: LocalFlags.Ignored)]);
        _db.Store.ApplyRemote(Folder, Dev(2), [File("a", V((1, 2)), invalid: true)], replaceAll: false);

        var global = _db.Store.GetGlobal(Folder, "a")!;
        Assert.True(global.IsInvalid);
        Assert.Equal(V((1, 2)), global.Version); // the non-dominated one among the invalid
        Assert.Equal(default, _db.Store.GlobalCounts(Folder));
        Assert.Empty(_db.Store.Need(Folder));
        Assert.Empty(_db.Store.Need(Folder, Dev(3)));
    }

    [Fact]
    public void RemovingTheGlobalHolder_FallsBackToTheNextVersion()
    {
        _db.Store.UpdateLocal(Folder, [File("a", V((1, 1)))]);
        _db.Store.ApplyRemote(Folder, Dev(2), [File("a", V((1, 1), (2, 1)))], replaceAll: false);
        _db.Store.DropDevice(Folder, Dev(2));

        Assert.Equal(V((1, 1)), _db.Store.GetGlobal(Folder, "a")!.Version);
        Assert.Empty(_db.Store.Need(Folder));
    }
}
