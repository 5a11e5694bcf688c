using Microsoft.Data.Sqlite;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Index;

/// <summary>
/// Incremental maintenance of the <c>counts</c> table (<see cref="CountSet"/>). Every change goes through
/// <see cref="RecomputeGlobal"/>, which subtracts the name's contribution before the change and adds it after; the
/// differences accumulate in memory and <see cref="FlushCounts"/> writes them (a few rows) before the commit.
/// </summary>
internal sealed partial class SqliteIndexWriter
{
    /// <summary>The columns of <see cref="StoredRow"/>, of <c>files f</c>.</summary>
    private const string RowColumns = "f.kind, f.size, f.deleted, f.invalid, f.local_flags, f.ge_global";

    private const int RowColumnCount = 6;

    /// <summary>The columns of <see cref="GlobalState"/>, of <c>globals g</c>.</summary>
    private const string GlobalColumns = "g.kind, g.deleted, g.invalid, g.bytes, g.needable, g.file_id";

    private readonly Dictionary<CountKey, (long Count, long Bytes)> _countDeltas = [];

    /// <summary>Writes the accumulated count differences. Must run inside the transaction, before it commits.</summary>
    public void FlushCounts()
    {
        foreach (var (key, (count, bytes)) in _countDeltas)
        {
            if (count == 0 && bytes == 0)
            {
                continue;
            }

            Command(
                """
                INSERT INTO counts (folder_idx, what, device_idx, kind, deleted, count, bytes)
                VALUES ($0, $1, $2, $3, $4, $5, $6)
                ON CONFLICT (folder_idx, what, device_idx, kind, deleted)
                DO UPDATE SET count = count + excluded.count, bytes = bytes + excluded.bytes
                """,
                key.FolderIdx, (long)key.What, key.DeviceIdx, (long)key.Kind, key.Deleted ? 1L : 0L, count, bytes).ExecuteNonQuery();
        }

        _countDeltas.Clear();
    }

    /// <summary>Reads <see cref="RowColumns"/> from <paramref name="start"/>.</summary>
    private static StoredRow ReadStoredRow(SqliteDataReader reader, int start) =>
        new((FileKind)reader.GetInt32(start), reader.GetInt64(start + 1), reader.GetBoolean(start + 2),
            reader.GetBoolean(start + 3), reader.GetInt64(start + 4), reader.GetBoolean(start + 5));

    /// <summary>Reads <see cref="GlobalColumns"/> from <paramref name="start"/>; null when they are NULL (no global).</summary>
    private static GlobalState? ReadGlobalState(SqliteDataReader reader, int start) =>
        reader.IsDBNull(start)
            ? null
            : new GlobalState((FileKind)reader.GetInt32(start), reader.GetBoolean(start + 1), reader.GetBoolean(start + 2),
                reader.GetInt64(start + 3), reader.GetBoolean(start + 4), reader.GetInt64(start + 5));

    /// <summary>Adds (<paramref name="sign"/> 1) or removes (−1) a global's share of the folder-wide sets.</summary>
    private void CountGlobal(long folderIdx, GlobalState? global, int sign)
    {
        if (global is not { } g)
        {
            return;
        }

        if (!g.Invalid)
        {
            AddCount(new CountKey(folderIdx, CountSet.Global, 0, g.Kind, g.Deleted), sign, sign * g.Bytes);
        }

        if (g.Needable && !g.Deleted)
        {
            AddCount(new CountKey(folderIdx, CountSet.NeedBase, 0, g.Kind, false), sign, sign * g.Bytes);
        }
    }

    /// <summary>Adds or removes the need correction of one device's entry (whose ge_global is <paramref name="geGlobal"/>).</summary>
    private void CountNeed(long folderIdx, long deviceIdx, GlobalState? global, bool geGlobal, int sign)
    {
        if (global is not { Needable: true } g)
        {
            return;
        }

        if (!g.Deleted && geGlobal)
        {
            AddCount(new CountKey(folderIdx, CountSet.NeedAdjust, deviceIdx, g.Kind, false), -sign, -sign * g.Bytes);
        }
        else if (g.Deleted && !geGlobal)
        {
            AddCount(new CountKey(folderIdx, CountSet.NeedAdjust, deviceIdx, g.Kind, true), sign, sign * g.Bytes);
        }
    }

    /// <summary>Adds or removes one of our entries in <see cref="CountSet.Local"/> (1.19 LocalSize rules).</summary>
    private void CountLocal(long folderIdx, StoredRow? row, int sign)
    {
        if (row is not { } r || !((!r.Invalid && r.LocalFlags == 0) || (r.LocalFlags & (long)LocalFlags.ReceiveOnly) != 0))
        {
            return;
        }

        var bytes = r.Deleted ? 0 : r.Kind == FileKind.File ? r.Size : FileRowCodec.SyntheticDirectorySize;
        AddCount(new CountKey(folderIdx, CountSet.Local, 0, r.Kind, r.Deleted), sign, sign * bytes);
    }

    private void AddCount(CountKey key, long count, long bytes)
    {
        _countDeltas.TryGetValue(key, out var current);
        _countDeltas[key] = (current.Count + count, current.Bytes + bytes);
    }

    private readonly record struct CountKey(long FolderIdx, CountSet What, long DeviceIdx, FileKind Kind, bool Deleted);

    /// <summary>What the counters need of a stored entry.</summary>
    private readonly record struct StoredRow(FileKind Kind, long Size, bool Deleted, bool Invalid, long LocalFlags, bool GeGlobal);

    /// <summary>What the counters need of a stored global, and the entry it is (to skip rewriting an unchanged one).</summary>
    private readonly record struct GlobalState(FileKind Kind, bool Deleted, bool Invalid, long Bytes, bool Needable, long FileId);
}
