using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Index;

internal sealed partial class SqliteIndexStore
{
    public IndexCounts GlobalCounts(string folder) =>
        Counts("""
            SELECT g.kind, g.deleted, COUNT(*), SUM(g.bytes)
            FROM globals g JOIN folders fo ON fo.folder_idx = g.folder_idx
            WHERE fo.folder_id = $0 AND g.invalid = 0
            GROUP BY g.kind, g.deleted
            """, folder);

    // 1.19 LocalSize: our entries without local flags and not invalid, plus receive-only changed entries.
    public IndexCounts LocalCounts(string folder) =>
        Counts("""
            SELECT f.kind, f.deleted, COUNT(*),
                SUM(CASE WHEN f.deleted <> 0 THEN 0 WHEN f.kind = 0 THEN f.size ELSE 128 END)
            FROM files f JOIN folders fo ON fo.folder_idx = f.folder_idx
            WHERE fo.folder_id = $0 AND f.device_idx = 0
              AND ((f.invalid = 0 AND f.local_flags = 0) OR (f.local_flags & 8) <> 0)
            GROUP BY f.kind, f.deleted
            """, folder);

    public IndexCounts NeedCounts(string folder, DeviceId? device = null) =>
        Counts($"SELECT g.kind, g.deleted, COUNT(*), SUM(g.bytes) {NeedFrom} GROUP BY g.kind, g.deleted", folder, DeviceBytes(device));

    public FolderCompletion Completion(string folder, DeviceId? device = null) =>
        FolderCompletion.From(GlobalCounts(folder), NeedCounts(folder, device), ReadState(folder, device).MaxSequence);

    /// <summary>Folds rows of (kind, deleted, count, bytes) into Syncthing's counters.</summary>
    private IndexCounts Counts(string sql, params object?[] values)
    {
        using var connection = OpenReader();
        using var command = Cmd(connection, sql, values);
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
