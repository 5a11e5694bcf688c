using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Index;

internal sealed partial class SqliteIndexWriter
{
    /// <summary>
    /// Re-selects the global version of one name from every device's entry for it (a handful of rows, found through
    /// the (folder, name) index), rewrites its <c>globals</c> row and refreshes each entry's <c>ge_global</c> flag,
    /// on which need is computed.
    /// </summary>
    public void RecomputeGlobal(long folderIdx, string name)
    {
        var rows = new List<(long FileId, bool GeGlobal, FileKind Kind, long Size, byte[] VersionBytes, GlobalCandidate Candidate)>();
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
                var candidate = new GlobalCandidate(
                    reader.GetInt64(1),
                    FileRowCodec.DecodeVersion(versionBytes),
                    reader.GetBoolean(3) || reader.GetInt64(4) != 0,
                    reader.GetBoolean(5),
                    reader.GetInt64(6),
                    reader.GetInt32(7));
                rows.Add((reader.GetInt64(0), reader.GetBoolean(10), (FileKind)reader.GetInt32(8), reader.GetInt64(9), versionBytes, candidate));
            }
        }

        var winner = GlobalSelector.Select(rows.Select(r => r.Candidate).ToList());
        if (winner < 0)
        {
            Command("DELETE FROM globals WHERE folder_idx = $0 AND name = $1", folderIdx, name).ExecuteNonQuery();
            return;
        }

        var w = rows[winner];
        var bytes = w.Candidate.Deleted ? 0 : w.Kind == FileKind.File ? w.Size : FileRowCodec.SyntheticDirectorySize;
        var needable = !w.Candidate.Invalid && !w.Candidate.Version.IsEmpty;
        Command(
            """
            INSERT OR REPLACE INTO globals (folder_idx, name, file_id, version, kind, deleted, invalid, bytes, needable)
            VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8)
            """,
            folderIdx, name, w.FileId, w.VersionBytes, (int)w.Kind, w.Candidate.Deleted, w.Candidate.Invalid, bytes,
            needable).ExecuteNonQuery();

        foreach (var row in rows)
        {
            var ge = row.Candidate.Version.Compare(w.Candidate.Version) is Ordering.Equal or Ordering.Greater;
            if (ge != row.GeGlobal)
            {
                Command("UPDATE files SET ge_global = $1 WHERE file_id = $0", row.FileId, ge).ExecuteNonQuery();
            }
        }
    }
}
