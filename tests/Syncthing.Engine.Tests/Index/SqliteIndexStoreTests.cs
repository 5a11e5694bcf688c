using Microsoft.Data.Sqlite;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;
using static Syncthing.Engine.Tests.Index.Ix;

namespace Syncthing.Engine.Tests.Index;

public sealed class SqliteIndexStoreTests : IDisposable
{
    private readonly TempIndex _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Index_ReplacesEverything_IndexUpdate_Upserts()
    {
        _db.Store.ApplyRemote(Folder, Dev(2), [File("a", V((2, 1))) with { Sequence = 1 }, File("b", V((2, 1))) with { Sequence = 2 }], replaceAll: true);
        _db.Store.ApplyRemote(Folder, Dev(2), [File("c", V((2, 1))) with { Sequence = 3 }], replaceAll: false);
        Assert.NotNull(_db.Store.GetRemote(Folder, Dev(2), "a"));
        Assert.NotNull(_db.Store.GetRemote(Folder, Dev(2), "c"));
        Assert.Equal(3, _db.Store.GetRemoteIndex(Folder, Dev(2)).MaxSequence);

        _db.Store.ApplyRemote(Folder, Dev(2), [File("b", V((2, 2))) with { Sequence = 1 }], replaceAll: true);
        Assert.Null(_db.Store.GetRemote(Folder, Dev(2), "a"));
        Assert.Null(_db.Store.GetRemote(Folder, Dev(2), "c"));
        Assert.Null(_db.Store.GetGlobal(Folder, "a"));
        Assert.Equal(V((2, 2)), _db.Store.GetRemote(Folder, Dev(2), "b")!.Version);
        Assert.Equal(1, _db.Store.GetRemoteIndex(Folder, Dev(2)).MaxSequence);
        Assert.Equal(["b"], _db.Store.Need(Folder).Select(f => f.Name));
    }

    [Fact]
    public void RemoteEntries_HaveLocalFlagsZeroed()
    {
        _db.Store.ApplyRemote(Folder, Dev(2), [File("a", V((2, 1)), flags: LocalFlags.Ignored)], replaceAll: false);
        var stored = _db.Store.GetRemote(Folder, Dev(2), "a")!;
        Assert.Equal(LocalFlags.None, stored.LocalFlags);
        Assert.False(stored.IsInvalid);
    }

    [Fact]
    public void IndexIdChange_DropsTheDevicesData()
    {
        Assert.True(_db.Store.SetRemoteIndexId(Folder, Dev(2), 111));
        _db.Store.ApplyRemote(Folder, Dev(2), [File("a", V((2, 1))) with { Sequence = 9 }], replaceAll: true);

        Assert.False(_db.Store.SetRemoteIndexId(Folder, Dev(2), 111));
        Assert.NotNull(_db.Store.GetRemote(Folder, Dev(2), "a"));
        Assert.Equal(new RemoteIndexState(111, 9), _db.Store.GetRemoteIndex(Folder, Dev(2)));

        Assert.True(_db.Store.SetRemoteIndexId(Folder, Dev(2), 222));
        Assert.Null(_db.Store.GetRemote(Folder, Dev(2), "a"));
        Assert.Null(_db.Store.GetGlobal(Folder, "a"));
        Assert.Equal(new RemoteIndexState(222, 0), _db.Store.GetRemoteIndex(Folder, Dev(2)));
    }

    [Fact]
    public void LocalSequences_StrictlyIncrease_AndChangesStreamInOrder()
    {
        Assert.Equal(3, _db.Store.UpdateLocal(Folder, [File("a", V((1, 1))), File("b", V((1, 1))), File("c", V((1, 1)))]));
        Assert.Equal(5, _db.Store.UpdateLocal(Folder, [File("a", V((1, 2))), File("d", V((1, 1)))]));
        Assert.Equal(5, _db.Store.GetLocalMaxSequence(Folder));

        var changes = _db.Store.LocalChangesSince(Folder, 0, 100).ToList();
        Assert.Equal(["b", "c", "a", "d"], changes.Select(f => f.Name));
        Assert.Equal([2L, 3, 4, 5], changes.Select(f => f.Sequence));
        Assert.Equal(["a", "d"], _db.Store.LocalChangesSince(Folder, 3, 100).Select(f => f.Name));
        Assert.Equal(["b", "c"], _db.Store.LocalChangesSince(Folder, 0, 2).Select(f => f.Name));
    }

    [Fact]
    public void LocalIndexId_IsPersistent_AndResetChangesIt()
    {
        var id = _db.Store.GetLocalIndexId(Folder);
        Assert.NotEqual(0UL, id);
        Assert.Equal(id, _db.Store.GetLocalIndexId(Folder));
        _db.Reopen();
        Assert.Equal(id, _db.Store.GetLocalIndexId(Folder));

        var reset = _db.Store.ResetLocalIndexId(Folder);
        Assert.NotEqual(id, reset);
        Assert.Equal(reset, _db.Store.GetLocalIndexId(Folder));
        Assert.NotEqual(id, _db.Store.GetLocalIndexId("other"));
    }

    [Fact]
    public void Migrations_RunOnce_AndDataSurvivesReopen()
    {
        _db.Store.UpdateLocal(Folder, [File("a", V((1, 1)))]);
        _db.Reopen();
        _db.Reopen();

        Assert.Equal(SqliteMigrations.All[^1].Version, _db.Store.SchemaVersion);
        Assert.Equal(SqliteMigrations.All.Length, Scalar("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal("wal", Scalar<string>("PRAGMA journal_mode"));
        Assert.NotNull(_db.Store.GetLocal(Folder, "a"));
        Assert.Equal(1, _db.Store.GetLocalMaxSequence(Folder));
    }

    [Fact]
    public void FailureMidway_LeavesNothingHalfApplied()
    {
        _db.Store.UpdateLocal(Folder, [File("a", V((1, 1)))]);

        IEnumerable<FileRecord> Failing()
        {
            yield return File("a", V((1, 2)));
            yield return File("b", V((1, 1)));
            throw new InvalidOperationException("scanner broke");
        }

        Assert.Throws<InvalidOperationException>(() => _db.Store.UpdateLocal(Folder, Failing()));
        Assert.Equal(V((1, 1)), _db.Store.GetLocal(Folder, "a")!.Version);
        Assert.Equal(V((1, 1)), _db.Store.GetGlobal(Folder, "a")!.Version);
        Assert.Null(_db.Store.GetLocal(Folder, "b"));
        Assert.Null(_db.Store.GetGlobal(Folder, "b"));
        Assert.Equal(1, _db.Store.GetLocalMaxSequence(Folder));
        Assert.Equal(1, _db.Store.GlobalCounts(Folder).Files);

        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            _db.Store.ApplyRemote(Folder, Dev(2), [File("a", V((1, 1), (2, 1)))], replaceAll: false, cts.Token));
        Assert.Null(_db.Store.GetRemote(Folder, Dev(2), "a"));
        Assert.Equal(default, _db.Store.GetRemoteIndex(Folder, Dev(2)));
    }

    [Fact]
    public void BlockLookup_FindsValidLocalFilesOnly()
    {
        _db.Store.UpdateLocal(Folder,
        [
            File("a", V((1, 1)), seed: 7),
            File("b", V((1, 1)), seed: 7, flags: LocalFlags.Ignored),
            File("c", V((1, 1)), seed: 8),
        ]);
        _db.Store.UpdateLocal("other", [File("z", V((1, 1)), seed: 7)]);
        _db.Store.ApplyRemote(Folder, Dev(2), [File("r", V((2, 1)), seed: 7)], replaceAll: false);

        var hits = _db.Store.FindLocalBlocks(Hash(7), Folder).ToList();
        Assert.Equal([new BlockLocation(Folder, "a", 0, 0, 10)], hits);
        Assert.Equal(["a", "z"], _db.Store.FindLocalBlocks(Hash(7)).Select(b => b.Name).Order());

        _db.Store.UpdateLocal(Folder, [File("a", V((1, 2)), deleted: true)]);
        Assert.Empty(_db.Store.FindLocalBlocks(Hash(7), Folder));
        Assert.Empty(_db.Store.FindLocalBlocks(Hash(99)));
    }

    [Fact]
    public void Records_RoundTripThroughTheDatabase()
    {
        var link = Link("l", V((1, 1), (5, 9)), "../target ünïcode");
        var file = File("dir/f", V((1, ulong.MaxValue))) with { ModifiedNanos = 123, NoPermissions = true };
        _db.Store.UpdateLocal(Folder, [link, file]);

        Assert.Equal(link with { Sequence = 1 }, _db.Store.GetLocal(Folder, "l"), RecordComparer.Instance);
        Assert.Equal(file with { Sequence = 2 }, _db.Store.GetLocal(Folder, "dir/f"), RecordComparer.Instance);
    }

    private long Scalar(string sql) => Scalar<long>(sql);

    private T Scalar<T>(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_db.Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }
}
