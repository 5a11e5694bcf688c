namespace Syncthing.Engine.Scanner;

/// <summary>Settings of one <see cref="FolderScanner"/> (Syncthing 1.19 folder options that affect scanning).</summary>
internal sealed record FolderScanOptions
{
    /// <summary>Folder option <c>ignorePerms</c>: permission changes are not detected and entries carry NoPermissions.</summary>
    public bool IgnorePerms { get; init; }

    /// <summary>
    /// A receive-only folder: every local change (new, changed, deleted item) is recorded with
    /// <c>LocalFlags.ReceiveOnly</c>, so it is announced as invalid and never becomes global (1.19).
    /// </summary>
    public bool ReceiveOnly { get; init; }

    /// <summary>
    /// Folder option <c>autoNormalize</c> (rename non-NFC names on disk). Not supported yet: must stay false, and
    /// non-NFC names are skipped and reported.
    /// </summary>
    public bool AutoNormalize { get; init; }

    /// <summary>Files hashed at the same time (1.19 <c>hashers</c>); each large file may also use several workers.</summary>
    public int Hashers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>How one file is hashed (workers per large file, weak hashes, buffer pool).</summary>
    public BlockHasherOptions Hasher { get; init; } = new();

    /// <summary>
    /// Overrides the block-size rule (tests use small blocks). Null: <see cref="BlockSizeRule.ForRescan"/>.
    /// </summary>
    public Func<long, int, int>? BlockSizeOverride { get; init; }

    /// <summary>Hash attempts for a file that keeps changing while it is read before it is skipped this round.</summary>
    public int MaxHashAttempts { get; init; } = 3;

    /// <summary>
    /// Treat a different inode number as a change (when both the index entry and the disk know one). 1.19 does not
    /// look at inodes; we do, because a file replaced by another one of equal size and mtime is otherwise missed.
    /// </summary>
    public bool DetectInodeChanges { get; init; } = true;

    /// <summary>Records per <c>UpdateLocal</c> transaction.</summary>
    public int BatchMaxRecords { get; init; } = 1000;

    /// <summary>Blocks per <c>UpdateLocal</c> transaction (about 50 bytes each in memory and ~60 in the database).</summary>
    public int BatchMaxBlocks { get; init; } = 64 * 1024;

    /// <summary>Errors kept in <see cref="ScanResult.Errors"/>; more are only counted.</summary>
    public int MaxReportedErrors { get; init; } = 1000;

    internal void Validate()
    {
        if (AutoNormalize)
        {
            throw new NotSupportedException("autoNormalize is not supported yet.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Hashers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxHashAttempts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchMaxRecords);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchMaxBlocks);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxReportedErrors);
        ArgumentNullException.ThrowIfNull(Hasher);
    }
}
