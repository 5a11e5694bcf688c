using Microsoft.Data.Sqlite;
using static Syncthing.Engine.Tests.Index.Ix;

namespace Syncthing.Engine.Tests.Index;

/// <summary>
/// What one index change writes: an entry that leaves the global as it was does not rewrite the name's
/// <c>globals</c> row, and a new entry's ge_global is right from its insert (need counts come from it).
/// </summary>
public sealed class GlobalWritesTests : IDisposable
{
    private readonly TempIndex _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void A_peer_announcing_the_global_version_does_not_rewrite_it_and_does_not_need_it()
    {
        _db.Store.UpdateLocal(Folder, [File("a", V((1, 1)), size: 10)]);
        _db.Reopen(path => Execute(path, """
            CREATE TABLE global_writes (n INTEGER NOT NULL);
            INSERT INTO global_writes VALUES (0);
            CREATE TRIGGER count_global_writes AFTER INSERT ON globals BEGIN UPDATE global_writes SET n = n + 1; END;
            """));

        _db.Store.ApplyRemote(Folder, Dev(2), [File("a", V((1, 1)), size: 10)], replaceAll: false);

        Assert.Equal(0L, Scalar("SELECT n FROM global_writes"));
        Assert.Equal(0, _db.Store.NeedCounts(Folder, Dev(2)).TotalItems);
        Assert.Equal(0, _db.Store.NeedCounts(Folder).TotalItems);

        // A newer version from the peer does change the global: written once, and now we need it.
        _db.Store.ApplyRemote(Folder, Dev(2), [File("a", V((1, 1), (2, 1)), size: 12)], replaceAll: false);

        Assert.Equal(1L, Scalar("SELECT n FROM global_writes"));
        Assert.Equal(0, _db.Store.NeedCounts(Folder, Dev(2)).TotalItems);
        Assert.Equal(1, _db.Store.NeedCounts(Folder).TotalItems);
        Assert.Equal(12, _db.Store.GetGlobal(Folder, "a")!.Size);
    }

    private object? Scalar(string sql)
    {
        using var connection = Open(_db.Path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(string path, string sql)
    {
        using var connection = Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
