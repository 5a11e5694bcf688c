using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Index;

internal sealed partial class SqliteIndexStore
{
    // Each reads a handful of rows of the counts table (see CountSet), kept current by every write.
    public IndexCounts GlobalCounts(string folder) =>
        Counts($"""
            SELECT c.kind, c.deleted, c.count, c.bytes FROM counts c JOIN folders fo ON fo.folder_idx = c.folder_idx
            WHERE fo.folder_id = $0 AND c.what = {(int)CountSet.Global}
            """, folder);

    public IndexCounts LocalCounts(string folder) =>
        Counts($"""
            SELECT c.kind, c.deleted, c.count, c.bytes FROM counts c JOIN folders fo ON fo.folder_idx = c.folder_idx
            WHERE fo.folder_id = $0 AND c.what = {(int)CountSet.Local}
            """, folder);

    // The base (needable, not deleted globals) plus the device's own correction; an unknown device has none.
    public IndexCounts NeedCounts(string folder, DeviceId? device = null) =>
        Counts($"""
            SELECT c.kind, c.deleted, c.count, c.bytes FROM counts c JOIN folders fo ON fo.folder_idx = c.folder_idx
            WHERE fo.folder_id = $0 AND (c.what = {(int)CountSet.NeedBase}
                OR (c.what = {(int)CountSet.NeedAdjust} AND c.device_idx = (SELECT device_idx FROM devices WHERE device_id = $1)))
            """, folder, DeviceBytes(device));

    public FolderCompletion Completion(string folder, DeviceId? device = null) =>
        FolderCompletion.From(GlobalCounts(folder), NeedCounts(folder, device), ReadState(folder, device).MaxSequence);

    /// <summary>Folds rows of (kind, deleted, count, bytes), summing repeated keys, into Syncthing's counters.</summary>
    private IndexCounts Counts(string sql, params object?[] values)
    {
        using var connection = OpenReader();
        var command = connection.Command(sql, values);
        using var reader = command.ExecuteReader();
        long files = 0, directories = 0, symlinks = 0, deleted = 0, bytes = 0;
        while (reader.Read())
        {
            var count = reader.GetInt64(2);
            bytes += reader.GetInt64(3);
            if (reader.GetBoolean(1))
            {
                deleted += count;
                continue;
            }

            switch ((FileKind)reader.GetInt32(0))
            {
                case FileKind.Directory:
                    directories += count;
                    break;
                case FileKind.Symlink:
                    symlinks += count;
                    break;
                default:
                    files += count;
                    break;
            }
        }

        return new IndexCounts(files, directories, symlinks, deleted, bytes);
    }
}
