using System.Collections.Immutable;

namespace Syncthing.Engine.Index;

/// <summary>
/// Versioned schema scripts. Each runs once, in its own transaction together with the row that records it in
/// <c>schema_version</c>. Never edit a shipped script: append a new one.
/// </summary>
internal static class SqliteMigrations
{
    /// <summary>Created before any migration runs; holds one row per applied script.</summary>
    public const string VersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)";

    /// <summary>Device number of our own device in <c>devices</c>/<c>files</c>.</summary>
    public const long LocalDeviceKey = 0;

    private const string V1 = """
        CREATE TABLE folders (
            folder_idx INTEGER PRIMARY KEY,
            folder_id  TEXT NOT NULL UNIQUE
        );
        CREATE TABLE devices (
            device_idx INTEGER PRIMARY KEY,
            device_id  BLOB NOT NULL UNIQUE
        );
        -- Our own device, like Syncthing's LocalDeviceID (all 0xFF).
        INSERT INTO devices (device_idx, device_id)
            VALUES (0, x'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF');
        -- Per folder and device (device 0 = us): the index ID and the highest sequence.
        CREATE TABLE folder_devices (
            folder_idx   INTEGER NOT NULL,
            device_idx   INTEGER NOT NULL,
            index_id     INTEGER NOT NULL DEFAULT 0,
            max_sequence INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (folder_idx, device_idx)
        ) WITHOUT ROWID;
        CREATE TABLE files (
            file_id        INTEGER PRIMARY KEY,
            folder_idx     INTEGER NOT NULL,
            device_idx     INTEGER NOT NULL,
            name           TEXT NOT NULL,
            kind           INTEGER NOT NULL,
            size           INTEGER NOT NULL,
            permissions    INTEGER NOT NULL,
            no_permissions INTEGER NOT NULL,
            modified_s     INTEGER NOT NULL,
            modified_ns    INTEGER NOT NULL,
            modified_by    INTEGER NOT NULL,
            deleted        INTEGER NOT NULL,
            invalid        INTEGER NOT NULL,
            local_flags    INTEGER NOT NULL,
            version        BLOB NOT NULL,
            sequence       INTEGER NOT NULL,
            block_size     INTEGER NOT NULL,
            blocks         BLOB,
            symlink_target TEXT,
            -- 1 when this entry's version is Greater or Equal to the current global version of the name.
            ge_global      INTEGER NOT NULL DEFAULT 0
        );
        CREATE UNIQUE INDEX files_device_name ON files (folder_idx, device_idx, name);
        CREATE INDEX files_name ON files (folder_idx, name);
        CREATE INDEX files_sequence ON files (folder_idx, device_idx, sequence);
        -- The global version of each name, kept current on every change to any device's entry for it.
        CREATE TABLE globals (
            folder_idx INTEGER NOT NULL,
            name       TEXT NOT NULL,
            file_id    INTEGER NOT NULL,
            version    BLOB NOT NULL,
            kind       INTEGER NOT NULL,
            deleted    INTEGER NOT NULL,
            invalid    INTEGER NOT NULL,
            bytes      INTEGER NOT NULL,
            -- 1 unless invalid or with an empty version: such globals are never needed.
            needable   INTEGER NOT NULL,
            PRIMARY KEY (folder_idx, name)
        ) WITHOUT ROWID;
        -- Blocks of our own valid, non-empty files, for reuse by the puller and rename detection.
        CREATE TABLE blocks (
            hash        BLOB NOT NULL,
            file_id     INTEGER NOT NULL,
            block_index INTEGER NOT NULL,
            offset      INTEGER NOT NULL,
            size        INTEGER NOT NULL,
            PRIMARY KEY (hash, file_id, block_index)
        ) WITHOUT ROWID;
        CREATE INDEX blocks_file ON blocks (file_id);
        """;

    /// <summary>The scanner's record of each local entry's inode (<see cref="Protocol.FileRecord.LocalInode"/>).</summary>
    private const string V2 = "ALTER TABLE files ADD COLUMN inode INTEGER;";

    /// <summary>
    /// What each device acknowledged of our index through bundle receipts (<see cref="IIndexStore.AcknowledgeBundle"/>):
    /// per folder and device, our index ID the receipt was about and the highest sequence it holds. Keyed by the
    /// folder's and device's IDs themselves, so recording a receipt creates no folder or device state.
    /// </summary>
    private const string V3 = """
        CREATE TABLE bundle_receipts (
            folder_id TEXT NOT NULL,
            device_id BLOB NOT NULL,
            index_id  INTEGER NOT NULL,
            sequence  INTEGER NOT NULL,
            PRIMARY KEY (folder_id, device_id)
        ) WITHOUT ROWID;
        """;

    /// <summary>
    /// The folder counters, kept incrementally by <see cref="SqliteIndexWriter"/> in the transaction of every change
    /// so that <see cref="IIndexStore.GlobalCounts"/>, <see cref="IIndexStore.LocalCounts"/> and
    /// <see cref="IIndexStore.NeedCounts"/> read a handful of rows instead of scanning the folder. One row per folder,
    /// set (<see cref="CountSet"/>), device (0 where the set is not per device), kind and deleted flag. Back-filled
    /// here from the existing rows by the same rules the scans used, so an older index upgrades in place.
    /// </summary>
    private const string V4 = """
        CREATE TABLE counts (
            folder_idx INTEGER NOT NULL,
            what       INTEGER NOT NULL,
            device_idx INTEGER NOT NULL,
            kind       INTEGER NOT NULL,
            deleted    INTEGER NOT NULL,
            count      INTEGER NOT NULL,
            bytes      INTEGER NOT NULL,
            PRIMARY KEY (folder_idx, what, device_idx, kind, deleted)
        ) WITHOUT ROWID;
        -- 0: valid globals.
        INSERT INTO counts (folder_idx, what, device_idx, kind, deleted, count, bytes)
            SELECT folder_idx, 0, 0, kind, deleted, COUNT(*), SUM(bytes)
            FROM globals WHERE invalid = 0 GROUP BY folder_idx, kind, deleted;
        -- 1: our entries without local flags and not invalid, plus receive-only changes.
        INSERT INTO counts (folder_idx, what, device_idx, kind, deleted, count, bytes)
            SELECT folder_idx, 1, 0, kind, deleted, COUNT(*),
                SUM(CASE WHEN deleted <> 0 THEN 0 WHEN kind = 0 THEN size ELSE 128 END)
            FROM files WHERE device_idx = 0 AND ((invalid = 0 AND local_flags = 0) OR (local_flags & 8) <> 0)
            GROUP BY folder_idx, kind, deleted;
        -- 2: needable, not deleted globals: what a device without any entry needs.
        INSERT INTO counts (folder_idx, what, device_idx, kind, deleted, count, bytes)
            SELECT folder_idx, 2, 0, kind, 0, COUNT(*), SUM(bytes)
            FROM globals WHERE needable = 1 AND deleted = 0 GROUP BY folder_idx, kind;
        -- 3: per device, the correction of set 2 by its entries: minus the not deleted globals it has (ge_global),
        -- plus the deleted globals it has an older entry of.
        INSERT INTO counts (folder_idx, what, device_idx, kind, deleted, count, bytes)
            SELECT f.folder_idx, 3, f.device_idx, g.kind, g.deleted,
                CASE WHEN g.deleted = 0 THEN -COUNT(*) ELSE COUNT(*) END,
                CASE WHEN g.deleted = 0 THEN -SUM(g.bytes) ELSE SUM(g.bytes) END
            FROM files f JOIN globals g ON g.folder_idx = f.folder_idx AND g.name = f.name
            WHERE g.needable = 1 AND ((g.deleted = 0 AND f.ge_global <> 0) OR (g.deleted <> 0 AND f.ge_global = 0))
            GROUP BY f.folder_idx, f.device_idx, g.kind, g.deleted;
        """;

    public static ImmutableArray<(int Version, string Script)> All { get; } = [(1, V1), (2, V2), (3, V3), (4, V4)];
}
