using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Index;

internal sealed partial class SqliteIndexWriter
{
    /// <summary>
    /// Re-selects the global version of one name from every device's entry for it (a handful of rows, found through
    /// the (folder, name) index), rewrites its <c>globals</c> row, refreshes each entry's <c>ge_global</c> flag (on
    /// which need is computed) and moves the name's share of the counters from its old state to its new one.
    /// Called right after <paramref name="changedDevice"/>'s entry was written or deleted; <paramref name="before"/>
    /// is that entry as it was (null when it did not exist). Every other entry still holds its old ge_global.
    /// </summary>
    private void RecomputeGlobal(long folderIdx, string name, long changedDevice, StoredRow? before)
    {
        var oldGlobal = ReadGlobalState(folderIdx, name);
        var rows = new List<NameRow>();
        using (var reader = Command(
            """
            SELECT file_id, device_idx, version, invalid, local_flags, deleted, modified_s, modified_ns, kind, size,
                ge_global
            FROM files WHERE folder_idx = $0 AND name = $1
            """,
            folderIdx, name).ExecuteReader())
        {
            while (reader.Read())
            {
                var versionBytes = FileRowCodec.GetBytes(reader, 2);
                var invalid = reader.GetBoolean(3);
                var localFlags = reader.GetInt64(4);
                var candidate = new GlobalCandidate(
                    reader.GetInt64(1),
                    FileRowCodec.DecodeVersion(versionBytes),
                    invalid || localFlags != 0,
                    reader.GetBoolean(5),
                    reader.GetInt64(6),
                    reader.GetInt32(7));
                var stored = new StoredRow((FileKind)reader.GetInt32(8), reader.GetInt64(9), candidate.Deleted, invalid, localFlags, reader.GetBoolean(10));
                rows.Add(new NameRow(reader.GetInt64(0), stored, versionBytes, candidate));
            }
        }

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
        Command(
            """
            INSERT OR REPLACE INTO globals (folder_idx, name, file_id, version, kind, deleted, invalid, bytes, needable)
            VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8)
            """,
            folderIdx, name, w.FileId, w.VersionBytes, (int)w.Stored.Kind, w.Candidate.Deleted, w.Candidate.Invalid, bytes,
            needable).ExecuteNonQuery();
        var newGlobal = new GlobalState(w.Stored.Kind, w.Candidate.Deleted, w.Candidate.Invalid, bytes, needable);
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
