using Microsoft.Data.Sqlite;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;
using static Syncthing.Engine.Tests.Index.Ix;

namespace Syncthing.Engine.Tests.Index;

/// <summary>
/// Migration 4 creates the <c>counts</c> table and back-fills it from an existing index, so that a database written
/// by the previous schema (3) reports the same counters as the full scans after the upgrade, and keeps them right.
/// </summary>
public sealed class CountsMigrationTests : IDisposable
{
    private const string Other = "other";

    private readonly TempIndex _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void IndexAtSchema3_UpgradesWithBackFilledCounts()
    {
        Populate();
        var before = Snapshot();

        _db.Reopen(DowngradeToSchema3);
        Assert.Equal(4, _db.Store.SchemaVersion);

        Assert.Equal(before, Snapshot());
        AssertMatchesReference();
    }

    [Fact]
    public void UpgradedIndex_KeepsCountingAfterFurtherWrites()
    {
        Populate();
        _db.Reopen(DowngradeToSchema3);

        _db.Store.UpdateLocal(Folder, [File("n", V((1, 1), (2, 1)), size: 50), File("a", V((1, 2)), deleted: true)]);
        _db.Store.ApplyRemote(Folder, Dev(3), [File("q", V((3, 1)), size: 4), File("n", V((1, 1), (2, 1)), size: 50)], replaceAll: true);
        _db.Store.DropDevice(Folder, Dev(2));
        AssertMatchesReference();
    }

    [Fact]
    public void EmptyIndexAtSchema3_UpgradesToEmptyCounts()
    {
        _db.Reopen(DowngradeToSchema3);
        Assert.Equal(default, _db.Store.GlobalCounts(Folder));
        Assert.Equal(default, _db.Store.NeedCounts(Folder, Dev(2)));
    }

    private void Populate()
    {
        _db.Store.UpdateLocal(Folder,
        [
            File("a", V((1, 1)), size: 100),
            Dir("d", V((1, 1))),
            Link("d/l", V((1, 1))),
            File("x", V((1, 2)), deleted: true),
            File("i", V((1, 1)), size: 30, flags: LocalFlags.Ignored),
            File("r", V((1, 3)), size: 7, flags: LocalFlags.ReceiveOnly),
            File("old", V((1, 1)), size: 3),
        ]);
        _db.Store.ApplyRemote(Folder, Dev(2),
        [
            File("a", V((1, 1)), size: 100),
            Dir("d", V((1, 1))),
            File("n", V((2, 1)), size: 50),
            File("x", V((1, 2)), deleted: true),
            File("r", V((1, 1)), size: 5),
            File("z", V((2, 2)), deleted: true),
            File("old", V((1, 1), (2, 1)), deleted: true),
            File("bad", V((2, 1)), invalid: true),
        ], replaceAll: true);
        _db.Store.ApplyRemote(Folder, Dev(3), [File("a", V((1, 1), (3, 1)), size: 120), Link("d/l", V((1, 1)))], replaceAll: true);
        _db.Store.UpdateLocal(Other, [File("o", V((1, 1)), size: 9), Dir("p", V((1, 1)))]);
        _db.Store.ApplyRemote(Other, Dev(2), [File("o", V((1, 1), (2, 5)), size: 11)], replaceAll: false);
    }

    private List<IndexCounts> Snapshot() =>
    [
        .. new[] { Folder, Other }.SelectMany(f => new[]
        {
            _db.Store.GlobalCounts(f), _db.Store.LocalCounts(f), _db.Store.NeedCounts(f),
            _db.Store.NeedCounts(f, Dev(2)), _db.Store.NeedCounts(f, Dev(3)), _db.Store.NeedCounts(f, Dev(9)),
        }),
    ];

    private void AssertMatchesReference()
    {
        foreach (var folder in new[] { Folder, Other })
        {
            Assert.Equal(ReferenceCounts.Global(_db.Path, folder), _db.Store.GlobalCounts(folder));
            Assert.Equal(ReferenceCounts.Local(_db.Path, folder), _db.Store.LocalCounts(folder));
            Assert.Equal(ReferenceCounts.Need(_db.Path, folder, null), _db.Store.NeedCounts(folder));
            foreach (var n in new byte[] { 2, 3, 9 })
            {
                Assert.Equal(ReferenceCounts.Need(_db.Path, folder, Dev(n)), _db.Store.NeedCounts(folder, Dev(n)));
            }
        }
    }

    /// <summary>Turns the file back into what schema 3 wrote: the same tables without <c>counts</c>.</summary>
    private static void DowngradeToSchema3(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DROP TABLE counts; DELETE FROM schema_version WHERE version >= 4;";
        command.ExecuteNonQuery();
    }
}
