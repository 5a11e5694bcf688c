using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Tests.Index;

public sealed class LocalEntriesUnderTests : IDisposable
{
    private const string Folder = "f";
    private readonly TempIndex _db = new();

    public LocalEntriesUnderTests()
    {
        string[] names = ["a", "a b", "a.txt", "a/x", "a/y", "a/y/z", "a0", "b", "ab/c"];
        _db.Store.UpdateLocal(Folder, names.Select(n => new FileRecord { Name = n, Kind = FileKind.Directory }));
        _db.Store.UpdateLocal("other", [new FileRecord { Name = "a/x" }]);
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public void LocalEntriesUnder_Prefix_OnlyDescendantsInByteOrder()
    {
        Assert.Equal(["a/x", "a/y", "a/y/z"], _db.Store.LocalEntriesUnder(Folder, "a").Select(r => r.Name));
        Assert.Equal(["a/y/z"], _db.Store.LocalEntriesUnder(Folder, "a/y").Select(r => r.Name));
        Assert.Empty(_db.Store.LocalEntriesUnder(Folder, "b"));
    }

    [Fact]
    public void LocalEntriesUnder_Root_EverythingOrdered()
    {
        Assert.Equal(["a", "a b", "a.txt", "a/x", "a/y", "a/y/z", "a0", "ab/c", "b"],
            _db.Store.LocalEntriesUnder(Folder, "").Select(r => r.Name));
    }

    [Fact]
    public void LocalChildren_DirectChildrenOnly()
    {
        Assert.Equal(["a", "a b", "a.txt", "a0", "b"], _db.Store.LocalChildren(Folder, "").Select(r => r.Name));
        Assert.Equal(["a/x", "a/y"], _db.Store.LocalChildren(Folder, "a").Select(r => r.Name));
    }

    [Fact]
    public void LocalEntriesUnder_MoreThanOnePage_StreamsAll()
    {
        var many = Enumerable.Range(0, 1200).Select(i => new FileRecord { Name = $"big/{i:D5}" });
        _db.Store.UpdateLocal(Folder, many);

        Assert.Equal(1200, _db.Store.LocalEntriesUnder(Folder, "big").Count());
        Assert.Equal(1200, _db.Store.LocalChildren(Folder, "big").Count());
    }

    [Fact]
    public void LocalInode_RoundTripsAndIsNotKeptForRemoteEntries()
    {
        _db.Store.UpdateLocal(Folder, [new FileRecord { Name = "i", LocalInode = ulong.MaxValue - 1 }]);
        Assert.Equal(ulong.MaxValue - 1, _db.Store.GetLocal(Folder, "i")!.LocalInode);
        Assert.Null(_db.Store.GetLocal(Folder, "a")!.LocalInode);
    }
}
