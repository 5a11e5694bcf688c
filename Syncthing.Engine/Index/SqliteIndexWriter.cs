using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Index;

/// <summary>
/// The write side of <see cref="SqliteIndexStore"/> for one transaction: holds prepared commands that are reused
/// for every row of the batch, and keeps the <c>globals</c> table and <c>ge_global</c> flags current after each
/// change to a name, together with the folder counters (<c>counts</c>).
/// </summary>
internal sealed partial class SqliteIndexWriter : IDisposable
{
    private const int DropChunk = 256;

    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteIndexWriter(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }

    /// <summary>The folder's number, creating the folder (with a fresh local index ID) when it is new.</summary>
    public long EnsureFolder(string folder)
    {
        var existing = Command("SELECT folder_idx FROM folders WHERE folder_id = $0", folder).ExecuteScalar();
        if (existing is long idx)
        {
            return idx;
        }

        var created = (long)Command("INSERT INTO folders (folder_id) VALUES ($0) RETURNING folder_idx", folder).ExecuteScalar()!;
        Command("INSERT INTO folder_devices (folder_idx, device_idx, index_id, max_sequence) VALUES ($0, $1, $2, 0)",
            created, SqliteMigrations.LocalDeviceKey, unchecked((long)NewIndexId())).ExecuteNonQuery();
        return created;
    }

    /// <summary>The device's number and its (folder, device) state row, creating both when new.</summary>
    public long EnsureDevice(long folderIdx, DeviceId device)
    {
        var bytes = device.Bytes.ToArray();
        var existing = Command("SELECT device_idx FROM devices WHERE device_id = $0", bytes).ExecuteScalar();
        var idx = existing as long? ??
            (long)Command("INSERT INTO devices (device_id) VALUES ($0) RETURNING device_idx", bytes).ExecuteScalar()!;
        Command("INSERT OR IGNORE INTO folder_devices (folder_idx, device_idx) VALUES ($0, $1)", folderIdx, idx).ExecuteNonQuery();
        return idx;
    }

    public RemoteIndexState GetState(long folderIdx, long deviceIdx)
    {
        using var reader = Command(
            "SELECT index_id, max_sequence FROM folder_devices WHERE folder_idx = $0 AND device_idx = $1",
            folderIdx, deviceIdx).ExecuteReader();
        return reader.Read() ? new RemoteIndexState(unchecked((ulong)reader.GetInt64(0)), reader.GetInt64(1)) : default;
    }

    public void SetIndexId(long folderIdx, long deviceIdx, ulong indexId) =>
        Command("UPDATE folder_devices SET index_id = $2 WHERE folder_idx = $0 AND device_idx = $1",
            folderIdx, deviceIdx, unchecked((long)indexId)).ExecuteNonQuery();

    public void SetMaxSequence(long folderIdx, long deviceIdx, long sequence) =>
        Command("UPDATE folder_devices SET max_sequence = $2 WHERE folder_idx = $0 AND device_idx = $1",
            folderIdx, deviceIdx, sequence).ExecuteNonQuery();

    /// <summary>Inserts or replaces one device's entry, then refreshes the name's global version and the counters.</summary>
    public void Put(long folderIdx, long deviceIdx, FileRecord f)
    {
        var rows = ReadName(folderIdx, f.Name, out var oldGlobal);
        var mine = rows.FindIndex(r => r.Candidate.DeviceKey == deviceIdx);
        StoredRow? before = mine < 0 ? null : rows[mine].Stored;
        var versionBytes = FileRowCodec.EncodeVersion(f.Version);
        var localFlags = (long)(uint)f.LocalFlags;

        // The entry as it will be stored, placed among the others first so that its ge_global is known and written
        // with it (RecomputeGlobal then finds it current instead of updating the row again); its file_id comes back
        // from the insert.
        var candidate = new GlobalCandidate(
            deviceIdx, FileRowCodec.DecodeVersion(versionBytes), f.Invalid || localFlags != 0, f.Deleted, f.ModifiedSeconds, f.ModifiedNanos);
        var row = new NameRow(0, new StoredRow(f.Kind, f.Size, f.Deleted, f.Invalid, localFlags, GeGlobal: false), versionBytes, candidate);
        if (mine < 0)
        {
            rows.Add(row);
            mine = rows.Count - 1;
        }
        else
        {
            rows[mine] = row;
        }

        var winner = GlobalSelector.Select(rows.ConvertAll(r => r.Candidate));
        var geGlobal = winner >= 0 && candidate.Version.Compare(rows[winner].Candidate.Version) is Ordering.Equal or Ordering.Greater;
        var fileId = (long)Command(
            """
            INSERT INTO files (folder_idx, device_idx, name, kind, size, permissions, no_permissions, modified_s,
                modified_ns, modified_by, deleted, invalid, local_flags, version, sequence, block_size, blocks,
                symlink_target, inode, ge_global)
            VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
            ON CONFLICT (folder_idx, device_idx, name) DO UPDATE SET kind = excluded.kind, size = excluded.size,
                permissions = excluded.permissions, no_permissions = excluded.no_permissions,
                modified_s = excluded.modified_s, modified_ns = excluded.modified_ns,
                modified_by = excluded.modified_by, deleted = excluded.deleted, invalid = excluded.invalid,
                local_flags = excluded.local_flags, version = excluded.version, sequence = excluded.sequence,
                block_size = excluded.block_size, blocks = excluded.blocks, symlink_target = excluded.symlink_target,
                inode = excluded.inode, ge_global = excluded.ge_global
            RETURNING file_id
            """,
            folderIdx, deviceIdx, f.Name, (int)f.Kind, f.Size, (long)f.Permissions, f.NoPermissions,
            f.ModifiedSeconds, f.ModifiedNanos, unchecked((long)f.ModifiedBy), f.Deleted, f.Invalid,
            localFlags, versionBytes, f.Sequence, f.BlockSize,
            FileRowCodec.EncodeBlocks(f.Blocks), f.SymlinkTarget,
            f.LocalInode is { } inode ? unchecked((long)inode) : null, geGlobal).ExecuteScalar()!;

        if (deviceIdx == SqliteMigrations.LocalDeviceKey)
        {
            ReplaceLocalBlocks(fileId, f);
        }

        rows[mine] = row with { FileId = fileId, Stored = row.Stored with { GeGlobal = geGlobal } };
        RecomputeGlobal(folderIdx, f.Name, rows, deviceIdx, before, oldGlobal);
    }

    /// <summary>Deletes every entry of the device in the folder, refreshing each affected name's global version.</summary>
    public void DropDeviceFiles(long folderIdx, long deviceIdx, CancellationToken cancellationToken)
    {
        var chunk = new List<(long FileId, string Name)>(DropChunk);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            chunk.Clear();
            using (var reader = Command(
                "SELECT file_id, name FROM files WHERE folder_idx = $0 AND device_idx = $1 LIMIT $2",
                folderIdx, deviceIdx, DropChunk).ExecuteReader())
            {
                while (reader.Read())
                {
                    chunk.Add((reader.GetInt64(0), reader.GetString(1)));
                }
            }

            if (chunk.Count == 0)
            {
                return;
            }

            foreach (var (fileId, name) in chunk)
            {
                var rows = ReadName(folderIdx, name, out var oldGlobal);
                var mine = rows.FindIndex(r => r.FileId == fileId);
                var before = rows[mine].Stored;
                rows.RemoveAt(mine);
                Command("DELETE FROM files WHERE file_id = $0", fileId).ExecuteNonQuery();
                Command("DELETE FROM blocks WHERE file_id = $0", fileId).ExecuteNonQuery();
                RecomputeGlobal(folderIdx, name, rows, deviceIdx, before, oldGlobal);
            }
        }
    }

    public static ulong NewIndexId()
    {
        Span<byte> bytes = stackalloc byte[8];
        ulong id;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            id = BitConverter.ToUInt64(bytes);
        }
        while (id == 0);

        return id;
    }

    private void ReplaceLocalBlocks(long fileId, FileRecord f)
    {
        Command("DELETE FROM blocks WHERE file_id = $0", fileId).ExecuteNonQuery();
        if (f.Blocks.IsDefaultOrEmpty || f.IsInvalid || f.Deleted || f.Size <= 0)
        {
            return;
        }

        for (var i = 0; i < f.Blocks.Length; i++)
        {
            var b = f.Blocks[i];
            Command("INSERT OR IGNORE INTO blocks (hash, file_id, block_index, offset, size) VALUES ($0, $1, $2, $3, $4)",
                b.Hash.ToArray(), fileId, i, b.Offset, b.Size).ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Returns the prepared command for <paramref name="sql"/> (created and prepared on first use in this
    /// transaction) with its positional parameters <c>$0…$n</c> set to <paramref name="values"/>.
    /// </summary>
    private SqliteCommand Command(string sql, params object?[] values)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), null));
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
}
