using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Syncthing.Engine.Index;

/// <summary>
/// Open reader connections of one index database, each keeping its prepared statements. Microsoft.Data.Sqlite
/// parses and plans a command's SQL again for every new <see cref="SqliteCommand"/>; the puller and the block server
/// look up one file per block or file, and profiles of a 30,000-file sync put SQLite's parser and planner at about a
/// tenth of each node's CPU. A connection here is used by one caller at a time (rented, then returned by disposing
/// the <see cref="PooledReader"/>); at most <see cref="Capacity"/> idle ones are kept open.
/// </summary>
internal sealed class SqliteReaderPool(string connectionString) : IDisposable
{
    /// <summary>Idle connections kept open; more may be open at once while callers hold them.</summary>
    public const int Capacity = 8;

    private readonly Stack<PooledReader> _idle = new();
    private readonly object _gate = new();
    private bool _disposed;

    /// <summary>An idle connection, or a newly opened one.</summary>
    public PooledReader Rent()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryPop(out var reader))
            {
                return reader.Rented();
            }
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new PooledReader(this, connection);
    }

    /// <summary>Connections currently idle (for tests).</summary>
    internal int IdleCount
    {
        get
        {
            lock (_gate)
            {
                return _idle.Count;
            }
        }
    }

    internal void Return(PooledReader reader)
    {
        lock (_gate)
        {
            if (!_disposed && _idle.Count < Capacity)
            {
                _idle.Push(reader);
                return;
            }
        }

        reader.Close();
    }

    /// <summary>Closes the idle connections; connections still rented are closed when returned.</summary>
    public void Dispose()
    {
        List<PooledReader> idle;
        lock (_gate)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        foreach (var reader in idle)
        {
            reader.Close();
        }
    }
}

/// <summary>A rented reader connection; disposing it returns it to its pool.</summary>
internal sealed class PooledReader : IDisposable
{
    /// <summary>Distinct statements kept per connection. The index's SQL texts are constants, far fewer than this.</summary>
    internal const int MaxStatements = 64;

    private readonly SqliteReaderPool _owner;
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private bool _rented = true;

    internal PooledReader(SqliteReaderPool owner, SqliteConnection connection)
    {
        _owner = owner;
        _connection = connection;
    }

    /// <summary>Statements prepared on this connection so far (for tests).</summary>
    internal int PreparedCount => _commands.Count;

    /// <summary>
    /// The prepared command for <paramref name="sql"/> with its positional parameters <c>$0…$n</c> set to
    /// <paramref name="values"/>. The command belongs to this connection: callers dispose its data reader, never
    /// the command itself.
    /// </summary>
    public SqliteCommand Command(string sql, params object?[] values)
    {
        if (!_commands.TryGetValue(sql, out var command) || command.Parameters.Count != values.Length)
        {
            if (command is not null)
            {
                _commands.Remove(sql);
                command.Dispose();
            }

            if (_commands.Count >= MaxStatements)
            {
                DisposeCommands();
            }

            command = _connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$" + i.ToString(CultureInfo.InvariantCulture), null));
            }

            command.Prepare();
            _commands.Add(sql, command);
        }

        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }

    public void Dispose()
    {
        if (!_rented)
        {
            return;
        }

        _rented = false;
        _owner.Return(this);
    }

    /// <summary>Marks the connection rented again (the pool hands it out).</summary>
    internal PooledReader Rented()
    {
        _rented = true;
        return this;
    }

    internal void Close()
    {
        DisposeCommands();
        _connection.Dispose();
    }

    private void DisposeCommands()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
