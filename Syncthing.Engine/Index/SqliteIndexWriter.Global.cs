using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Index;

internal sealed partial class SqliteIndexWriter
{
    /// <summary>
    /// Every device's entry for a name (a handful of rows, found through the (folder, name) index) and the name's
    /// stored global (<paramref name="global"/>, null when there is none), read before a change to one of them.
    /// </summary>
    private List<NameRow> ReadName(long folderIdx, string name, out GlobalState? global)
    {
        var rows = new List<NameRow>();
        global = null;
        using var reader = Command(
            $"""
            SELECT f.file_id, f.device_idx, f.version, f.modified_s, f.modified_ns, {RowColumns}, {GlobalColumns}
            FROM files f LEFT JOIN globals g ON g.folder_idx = f.folder_idx AND g.name = f.name
            WHERE f.folder_idx = $0 AND f.name = $1
            """,
            folderIdx, name).ExecuteReader();
        while (reader.Read())
        {
            var versionBytes = FileRowCodec.GetBytes(reader, 2);
            var stored = ReadStoredRow(reader, 5);
            global ??= ReadGlobalState(reader, 5 + RowColumnCount);
            var candidate = new GlobalCandidate(
                reader.GetInt64(1),
                FileRowCodec.DecodeVersion(versionBytes),
                stored.Invalid || stored.LocalFlags != 0,
                stored.Deleted,
                reader.GetInt64(3),
                reader.GetInt32(4));
            rows.Add(new NameRow(reader.GetInt64(0), stored, versionBytes, candidate));
        }

        return rows;
    }

    /// <summary>
    /// Re-selects the global version of one name from every device's entry for it, rewrites its <c>globals</c> row,
    /// refreshes each entry's <c>ge_global</c> flag (on which need is computed) and moves the name's share of the
    /// counters from its old state to its new one. Called right after <paramref name="changedDevice"/>'s entry was
    /// written or deleted: <paramref name="rows"/> are the entries as they are now (each with the ge_global it holds
    /// in the table), <paramref name="before"/> the changed entry as it was (null when it did not exist) and
    /// <paramref name="oldGlobal"/> the name's global before the change (null when there was none).
    /// </summary>
    private void RecomputeGlobal(
        long folderIdx, string name, List<NameRow> rows, long changedDevice, StoredRow? before, GlobalState? oldGlobal)
    {
        CountGlobal(folderIdx, oldGlobal, -1);
        if (before is { } old)
        {
            CountNeed(folderIdx, changedDevice, oldGlobal, old.GeGlobal, -1);
        }

        foreach (var row in rows)
        {
            if (row.Candidate.DeviceKey != changedDevice)
            {
                CountNeed(folderIdx, row.Candidate.DeviceKey, oldGlobal, row.Stored.GeGlobal, -1);
            }
        }

        if (changedDevice == SqliteMigrations.LocalDeviceKey)
        {
            CountLocal(folderIdx, before, -1);
            var now = rows.FindIndex(r => r.Candidate.DeviceKey == changedDevice);
            CountLocal(folderIdx, now < 0 ? null : rows[now].Stored, 1);
        }

        var winner = GlobalSelector.Select(rows.Select(r => r.Candidate).ToList());
        if (winner < 0)
        {
            Command("DELETE FROM globals WHERE folder_idx = $0 AND name = $1", folderIdx, name).ExecuteNonQuery();
            return;
        }

        var w = rows[winner];
        var bytes = w.Candidate.Deleted ? 0 : w.Stored.Kind == FileKind.File ? w.Stored.Size : FileRowCodec.SyntheticDirectorySize;
        var needable = !w.Candidate.Invalid && !w.Candidate.Version.IsEmpty;
        var newGlobal = new GlobalState(w.Stored.Kind, w.Candidate.Deleted, w.Candidate.Invalid, bytes, needable, w.FileId);

        // The same entry as before, and not the one that changed: its globals row already says all this.
        var unchanged = newGlobal == oldGlobal && w.Candidate.DeviceKey != changedDevice;
        if (!unchanged)
        {
            Command(
                """
                INSERT OR REPLACE INTO globals (folder_idx, name, file_id, version, kind, deleted, invalid, bytes, needable)
                VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8)
                """,
                folderIdx, name, w.FileId, w.VersionBytes, (int)w.Stored.Kind, w.Candidate.Deleted, w.Candidate.Invalid, bytes,
                needable).ExecuteNonQuery();
        }

        CountGlobal(folderIdx, newGlobal, 1);

        foreach (var row in rows)
        {
            var ge = row.Candidate.Version.Compare(w.Candidate.Version) is Ordering.Equal or Ordering.Greater;
            CountNeed(folderIdx, row.Candidate.DeviceKey, newGlobal, ge, 1);
            if (ge != row.Stored.GeGlobal)
            {
                Command("UPDATE files SET ge_global = $1 WHERE file_id = $0", row.FileId, ge).ExecuteNonQuery();
            }
        }
    }

    /// <summary>One device's entry for the name being recomputed.</summary>
    private readonly record struct NameRow(long FileId, StoredRow Stored, byte[] VersionBytes, GlobalCandidate Candidate);
}
