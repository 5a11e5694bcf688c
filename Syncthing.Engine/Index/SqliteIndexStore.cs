using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Syncthing.Engine.Index;

/// <summary>
/// <see cref="IIndexStore"/> on one SQLite database file per node. WAL journal; one long-lived writer connection
/// (writes are serialised by a lock, each one a single transaction) and short-lived pooled reader connections, so
/// reads run alongside writes. <c>synchronous=FULL</c>: every committed transaction is durable before the call
/// returns, because sequences and index IDs are announced to peers right after a commit and must never be reused
/// with different content after a power loss; the cost is one WAL fsync per (batched) transaction.
/// </summary>
internal sealed partial class SqliteIndexStore : IIndexStore
{
    /// <summary>
    /// The writer's page cache, 32 MiB instead of SQLite's 2 MiB: it applies every index change (a peer's updates,
    /// each pulled batch), and unlike the readers' caches it survives its own commits; with 100,000 files the
    /// tables outgrow 2 MiB and each batch re-read most of the pages it changed. The cache fills only as pages are used.
    /// </summary>
    internal const string WriterCachePragma = "PRAGMA cache_size = -32768";

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SqliteReaderPool _readers;
    private readonly object _writeLock = new();
    private bool _disposed;

    public SqliteIndexStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SqliteNative.EnsureInitialized();
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _readers = new SqliteReaderPool(_connectionString);
        _writer = new SqliteConnection(_connectionString);
        try
        {
            _writer.Open();
            ExecutePragma("PRAGMA journal_mode = WAL");
            ExecutePragma("PRAGMA synchronous = FULL");
            ExecutePragma(WriterCachePragma);
            Migrate();
        }
        catch (SqliteException ex)
        {
            _writer.Dispose();
            throw new IndexStoreException($"Cannot open index database '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>Highest applied schema migration.</summary>
    internal int SchemaVersion
    {
        get
        {
            using var connection = OpenReader();
            var command = connection.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version");
            return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _readers.Dispose();
            SqliteConnection.ClearPool(_writer);
            _writer.Dispose();
        }
    }

    private void ExecutePragma(string sql)
    {
        using var command = _writer.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void Migrate()
    {
        ExecutePragma(SqliteMigrations.VersionTable);
        int current;
        using (var command = _writer.CreateCommand())
        {
            command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
            current = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        foreach (var (version, script) in SqliteMigrations.All)
        {
            if (version <= current)
            {
                continue;
            }

            using var transaction = _writer.BeginTransaction();
            using (var command = _writer.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = script;
                command.ExecuteNonQuery();
            }

            using (var command = _writer.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO schema_version (version) VALUES ($v)";
                command.Parameters.AddWithValue("$v", version);
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <summary>Runs <paramref name="action"/> in one write transaction; an exception rolls everything back.</summary>
    private T Write<T>(string operation, string folder, Func<SqliteIndexWriter, T> action)
    {
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                using var transaction = _writer.BeginTransaction();
                using var writer = new SqliteIndexWriter(_writer, transaction);
                var result = action(writer);
                writer.FlushCounts();
                transaction.Commit();
                return result;
            }
            catch (SqliteException ex)
            {
                throw new IndexStoreException($"Index {operation} for folder '{folder}' failed: {ex.Message}", ex);
            }
        }
    }

    private PooledReader OpenReader()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _readers.Rent();
    }
}
