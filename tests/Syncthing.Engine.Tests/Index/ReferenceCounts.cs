using Microsoft.Data.Sqlite;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Tests.Index;

/// <summary>
/// The reference for the store's incrementally kept counters: the full-scan GROUP BY queries the store used before
/// the <c>counts</c> table existed, run on their own connection against the database file.
/// </summary>
internal static class ReferenceCounts
{
    public static IndexCounts Global(string path, string folder) =>
        Query(path, """
            SELECT g.kind, g.deleted, COUNT(*), SUM(g.bytes)
            FROM globals g JOIN folders fo ON fo.folder_idx = g.folder_idx
            WHERE fo.folder_id = $0 AND g.invalid = 0
            GROUP BY g.kind, g.deleted
            """, folder);

    public static IndexCounts Local(string path, string folder) =>
        Query(path, """
            SELECT f.kind, f.deleted, COUNT(*),
                SUM(CASE WHEN f.deleted <> 0 THEN 0 WHEN f.kind = 0 THEN f.size ELSE 128 END)
            FROM files f JOIN folders fo ON fo.folder_idx = f.folder_idx
            WHERE fo.folder_id = $0 AND f.device_idx = 0
              AND ((f.invalid = 0 AND f.local_flags = 0) OR (f.local_flags & 8) <> 0)
            GROUP BY f.kind, f.deleted
            """, folder);

    /// <summary>Need of <paramref name="device"/> (null: the local device), by the 1.19 rules on ge_global.</summary>
    public static IndexCounts Need(string path, string folder, DeviceId? device) =>
        Query(path, """
            SELECT g.kind, g.deleted, COUNT(*), SUM(g.bytes)
            FROM globals g
            JOIN folders fo ON fo.folder_idx = g.folder_idx
            JOIN files f ON f.file_id = g.file_id
            LEFT JOIN files h ON h.folder_idx = g.folder_idx AND h.name = g.name
                AND h.device_idx = (SELECT device_idx FROM devices WHERE device_id = $1)
            WHERE fo.folder_id = $0 AND g.needable = 1
              AND ((h.file_id IS NULL AND g.deleted = 0) OR h.ge_global = 0)
            GROUP BY g.kind, g.deleted
            """, folder, device is { } d ? d.Bytes.ToArray() : Enumerable.Repeat((byte)0xFF, DeviceId.Length).ToArray());

    private static IndexCounts Query(string path, string sql, params object[] values)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), values[i]);
        }

        using var reader = command.ExecuteReader();
        long files = 0, directories = 0, symlinks = 0, deleted = 0, bytes = 0;
        while (reader.Read())
        {
            var count = reader.GetInt64(2);
            bytes += reader.GetInt64(3);
            if (reader.GetBoolean(1))
            {
                deleted += count;
            }
            else if ((FileKind)reader.GetInt32(0) == FileKind.Directory)
            {
                directories += count;
            }
            else if ((FileKind)reader.GetInt32(0) == FileKind.Symlink)
            {
                symlinks += count;
            }
            else
            {
                files += count;
            }
        }

        return new IndexCounts(files, directories, symlinks, deleted, bytes);
    }
}
