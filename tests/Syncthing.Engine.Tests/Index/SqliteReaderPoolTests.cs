using Microsoft.Data.Sqlite;
using Syncthing.Engine.Index;

namespace Syncthing.Engine.Tests.Index;

public sealed class SqliteReaderPoolTests : IDisposable
{
    private readonly TempIndex _db = new();
    private readonly SqliteReaderPool _pool;

    public SqliteReaderPoolTests()
    {
        _pool = new SqliteReaderPool(new SqliteConnectionStringBuilder { DataSource = _db.Path, Pooling = false }.ToString());
    }

    public void Dispose()
    {
        _pool.Dispose();
        _db.Dispose();
    }

    [Fact]
    public void A_returned_connection_is_reused_with_its_statements_prepared_once()
    {
        PooledReader first;
        using (first = _pool.Rent())
        {
            Assert.Equal(5L, first.Command("SELECT $0 + $1", 2, 3).ExecuteScalar());
        }

        for (var i = 0; i < 10; i++)
        {
            using var again = _pool.Rent();
            Assert.Same(first, again);
            Assert.Equal((long)i + 1, again.Command("SELECT $0 + $1", i, 1).ExecuteScalar());
            Assert.Same(again.Command("SELECT $0 + $1", 0, 0), again.Command("SELECT $0 + $1", 0, 0));
            Assert.Equal(1, again.PreparedCount);
        }
    }

    [Fact]
    public void Null_values_bind_as_sql_null()
    {
        using var reader = _pool.Rent();
        Assert.Equal(1L, reader.Command("SELECT $0 IS NULL", [null]).ExecuteScalar());
    }

    [Fact]
    public void Statements_per_connection_stay_bounded()
    {
        using var reader = _pool.Rent();
        for (var i = 0; i < PooledReader.MaxStatements * 3; i++)
        {
            Assert.Equal((long)i, reader.Command($"SELECT {i}").ExecuteScalar());
            Assert.InRange(reader.PreparedCount, 1, PooledReader.MaxStatements);
        }
    }

    [Fact]
    public void Idle_connections_are_capped_and_closed_when_the_pool_is_disposed()
    {
        var rented = Enumerable.Range(0, SqliteReaderPool.Capacity + 3).Select(_ => _pool.Rent()).ToList();
        Assert.Equal(rented.Count, rented.Distinct().Count());
        foreach (var reader in rented)
        {
            reader.Dispose();
        }

        Assert.Equal(SqliteReaderPool.Capacity, _pool.IdleCount);

        var held = _pool.Rent();
        _pool.Dispose();
        Assert.Equal(0, _pool.IdleCount);
        Assert.Throws<ObjectDisposedException>(() => _pool.Rent());

        held.Dispose(); // Returned after the pool closed: closed, not kept.
        Assert.Equal(0, _pool.IdleCount);
        Assert.Throws<InvalidOperationException>(() => held.Command("SELECT 1").ExecuteScalar());
    }

    [Fact]
    public void A_reused_connection_sees_writes_made_after_its_last_read()
    {
        // A statement left active after a read would keep that connection's WAL snapshot open: later reads on the
        // reused connection would not see newer commits. Single-row reads and paged reads stopped early included.
        for (var i = 1; i <= 5; i++)
        {
            _db.Store.UpdateLocal(Ix.Folder, [Ix.File("a", Ix.V((1, (ulong)i))), Ix.File("b", Ix.V((1, (ulong)i)))]);
            Assert.Equal(Ix.V((1, (ulong)i)), _db.Store.GetLocal(Ix.Folder, "a")!.Version);
            Assert.Equal(Ix.V((1, (ulong)i)), _db.Store.LocalEntriesUnder(Ix.Folder, "").First().Version);
            Assert.Equal(2 * i, _db.Store.GetLocalMaxSequence(Ix.Folder));
        }
    }

    [Fact]
    public void The_store_reads_through_pooled_connections_and_closes_them_on_dispose()
    {
        _db.Store.UpdateLocal(Ix.Folder, [Ix.File("a", Ix.V((1, 1)))]);
        for (var i = 0; i < 50; i++)
        {
            Assert.NotNull(_db.Store.GetLocal(Ix.Folder, "a"));
        }

        Assert.Contains(_db.Path, OpenFiles());
        _db.Store.Dispose();
        Assert.DoesNotContain(_db.Path, OpenFiles());
    }

    /// <summary>What this process's file descriptors point at (Linux).</summary>
    private static List<string> OpenFiles()
    {
        var targets = new List<string>();
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target)
                {
                    targets.Add(target);
                }
            }
            catch (IOException)
            {
                // Closed between listing and reading.
            }
        }

        return targets;
    }
}
