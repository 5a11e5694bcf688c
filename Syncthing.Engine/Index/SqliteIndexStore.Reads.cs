using System.Globalization;
using Microsoft.Data.Sqlite;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Index;

internal sealed partial class SqliteIndexStore
{
    /// <summary>Rows fetched per round trip by the streaming queries.</summary>
    internal const int PageSize = 500;

    private const string NeedFrom = """
        FROM globals g
        JOIN folders fo ON fo.folder_idx = g.folder_idx
        JOIN files f ON f.file_id = g.file_id
        LEFT JOIN files h ON h.folder_idx = g.folder_idx AND h.name = g.name
            AND h.device_idx = (SELECT device_idx FROM devices WHERE device_id = $1)
        WHERE fo.folder_id = $0 AND g.needable = 1
          AND ((h.file_id IS NULL AND g.deleted = 0) OR h.ge_global = 0)
        """;

    /// <summary>Syncthing's LocalDeviceID (all 0xFF), our own row in <c>devices</c>.</summary>
    private static readonly byte[] LocalDeviceBytes = Enumerable.Repeat((byte)0xFF, DeviceId.Length).ToArray();

    public FileRecord? GetLocal(string folder, string name) =>
        ReadOne($"""
            SELECT {FileRowCodec.Columns} FROM files f JOIN folders fo ON fo.folder_idx = f.folder_idx
            WHERE fo.folder_id = $0 AND f.device_idx = 0 AND f.name = $1
            """, folder, name);

    public FileRecord? GetRemote(string folder, DeviceId device, string name) =>
        ReadOne($"""
            SELECT {FileRowCodec.Columns} FROM files f JOIN folders fo ON fo.folder_idx = f.folder_idx
            JOIN devices d ON d.device_idx = f.device_idx
            WHERE fo.folder_id = $0 AND d.device_id = $1 AND f.name = $2
            """, folder, device.Bytes.ToArray(), name);

    public FileRecord? GetGlobal(string folder, string name) =>
        ReadOne($"""
            SELECT {FileRowCodec.Columns} FROM globals g JOIN folders fo ON fo.folder_idx = g.folder_idx
            JOIN files f ON f.file_id = g.file_id
            WHERE fo.folder_id = $0 AND g.name = $1
            """, folder, name);

    public IReadOnlyList<DeviceId> Availability(string folder, string name)
    {
        using var connection = OpenReader();
        var command = connection.Command("""
            SELECT d.device_id FROM globals g JOIN folders fo ON fo.folder_idx = g.folder_idx
            JOIN files f ON f.folder_idx = g.folder_idx AND f.name = g.name AND f.version = g.version
            JOIN devices d ON d.device_idx = f.device_idx
            WHERE fo.folder_id = $0 AND g.name = $1 AND g.invalid = 0
              AND f.device_idx <> 0 AND f.invalid = 0 AND f.local_flags = 0
            ORDER BY d.device_id
            """, folder, name);
        using var reader = command.ExecuteReader();
        var devices = new List<DeviceId>();
        while (reader.Read())
        {
            devices.Add(DeviceId.FromBytes(FileRowCodec.GetBytes(reader, 0)));
        }

        return devices;
    }

    public IEnumerable<FileRecord> LocalChangesSince(string folder, long sequence, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return Paged(
            $"""
            SELECT {FileRowCodec.Columns} FROM files f JOIN folders fo ON fo.folder_idx = f.folder_idx
            WHERE fo.folder_id = $0 AND f.device_idx = 0 AND f.sequence > $1 ORDER BY f.sequence LIMIT $2
            """,
            (after, pageSize) => [folder, after ?? (object)sequence, pageSize],
            f => f.Sequence,
            skip: 0,
            take: limit);
    }

    public IEnumerable<FileRecord> LocalEntriesUnder(string folder, string prefix) => LocalBelow(folder, prefix, childrenOnly: false);

    public IEnumerable<FileRecord> LocalChildren(string folder, string directory) => LocalBelow(folder, directory, childrenOnly: true);

    public IEnumerable<FileRecord> Need(string folder, DeviceId? device = null, int skip = 0, int take = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        var deviceBytes = DeviceBytes(device);
        return Paged(
            $"""
            SELECT {FileRowCodec.Columns} {NeedFrom}
              AND g.name > $2
            ORDER BY g.name LIMIT $3 OFFSET $4
            """,
            (after, pageSize) => [folder, deviceBytes, after ?? string.Empty, pageSize],
            f => f.Name,
            skip,
            take);
    }

    public IEnumerable<BlockLocation> FindLocalBlocks(ReadOnlyMemory<byte> hash, string? folder = null)
    {
        using var connection = OpenReader();
        var command = connection.Command("""
            SELECT fo.folder_id, f.name, b.block_index, b.offset, b.size
            FROM blocks b JOIN files f ON f.file_id = b.file_id JOIN folders fo ON fo.folder_idx = f.folder_idx
            WHERE b.hash = $0 AND ($1 IS NULL OR fo.folder_id = $1)
            ORDER BY b.file_id, b.block_index
            """, hash.ToArray(), folder);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new BlockLocation(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetInt32(4));
        }
    }

    /// <summary>
    /// Keyset-paged range scan of our entries below a prefix on the (folder, device, name) index. In byte order every
    /// name below <c>p</c> lies in [<c>p + "/"</c>, <c>p + "0"</c>) since '0' follows '/'. The children-only filter
    /// looks at the name column alone, so SQLite applies it to index entries before reading table rows.
    /// </summary>
    private IEnumerable<FileRecord> LocalBelow(string folder, string prefix, bool childrenOnly)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(prefix);
        var lower = prefix.Length == 0 ? string.Empty : prefix + "/";
        var upper = prefix.Length == 0 ? null : prefix + "0";
        var range = upper is null ? string.Empty : "AND f.name < $2";
        var children = childrenOnly ? "AND instr(substr(f.name, length($3) + 1), '/') = 0" : string.Empty;
        return Paged(
            $"""
            SELECT {FileRowCodec.Columns} FROM files f JOIN folders fo ON fo.folder_idx = f.folder_idx
            WHERE fo.folder_id = $0 AND f.device_idx = 0 AND f.name > $1 {range} {children}
            ORDER BY f.name LIMIT $4
            """,
            (after, pageSize) => [folder, after ?? lower, upper, lower, pageSize],
            f => f.Name,
            skip: 0,
            take: int.MaxValue);
    }

    private static byte[] DeviceBytes(DeviceId? device) => device is { } d ? d.Bytes.ToArray() : LocalDeviceBytes;

    private RemoteIndexState ReadState(string folder, DeviceId? device)
    {
        using var connection = OpenReader();
        var command = connection.Command("""
            SELECT fd.index_id, fd.max_sequence FROM folder_devices fd
            JOIN folders fo ON fo.folder_idx = fd.folder_idx JOIN devices d ON d.device_idx = fd.device_idx
            WHERE fo.folder_id = $0 AND d.device_id = $1
            """, folder, DeviceBytes(device));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new RemoteIndexState(unchecked((ulong)reader.GetInt64(0)), reader.GetInt64(1)) : default;
    }

    private FileRecord? ReadOne(string sql, params object?[] values)
    {
        using var connection = OpenReader();
        var command = connection.Command(sql, values);
        using var reader = command.ExecuteReader();
        return reader.Read() ? FileRowCodec.Read(reader) : null;
    }

    /// <summary>
    /// Streams a keyset-paged query: each page is read on its own pooled connection (so no connection or snapshot
    /// is held while the caller works), at most <see cref="PageSize"/> rows are in memory at once. The query's
    /// parameters come from <paramref name="parameters"/> (last key seen, or null first; page size); the offset
    /// <paramref name="skip"/> is appended as the last parameter and applies to the first page only.
    /// </summary>
    private IEnumerable<FileRecord> Paged(
        string sql, Func<object?, int, object?[]> parameters, Func<FileRecord, object> key, int skip, int take)
    {
        object? after = null;
        var offset = skip;
        var page = new List<FileRecord>(Math.Min(PageSize, Math.Max(take, 1)));
        while (take > 0)
        {
            var pageSize = Math.Min(PageSize, take);
            page.Clear();
            using (var connection = OpenReader())
            {
                var values = parameters(after, pageSize);
                var command = connection.Command(sql, sql.Contains("OFFSET", StringComparison.Ordinal) ? [.. values, offset] : values);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    page.Add(FileRowCodec.Read(reader));
                }
            }

            foreach (var file in page)
            {
                yield return file;
            }

            if (page.Count < pageSize)
            {
                yield break;
            }

            take -= page.Count;
            offset = 0;
            after = key(page[^1]);
        }
    }
}
