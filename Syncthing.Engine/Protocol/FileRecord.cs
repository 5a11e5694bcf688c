using System.Collections.Immutable;

namespace Syncthing.Engine.Protocol;

/// <summary>
/// One entry of a folder index, ours or a peer's: the domain form of BEP's FileInfo. Names are canonical wire
/// names (NFC, '/'-separated, relative). Immutable; use <c>with</c> to derive changed copies.
/// </summary>
public sealed record FileRecord
{
    public required string Name { get; init; }

    public FileKind Kind { get; init; }

    /// <summary>Bytes for files; 0 for directories, symlinks and deletions.</summary>
    public long Size { get; init; }

    /// <summary>Unix permission bits (& 0777); meaningless when <see cref="NoPermissions"/>.</summary>
    public uint Permissions { get; init; }

    public bool NoPermissions { get; init; }

    public long ModifiedSeconds { get; init; }

    public int ModifiedNanos { get; init; }

    /// <summary>Short ID of the device that made the last change.</summary>
    public ulong ModifiedBy { get; init; }

    public bool Deleted { get; init; }

    /// <summary>"Exists but do not use" on the wire (ignored, unsupported, receive-only change).</summary>
    public bool Invalid { get; init; }

    /// <summary>Database-only flags (Syncthing's local_flags): never sent; any of them is sent as invalid.</summary>
    public LocalFlags LocalFlags { get; init; }

    public VersionVector Version { get; init; } = VersionVector.Empty;

    /// <summary>The announcing device's sequence number for this entry.</summary>
    public long Sequence { get; init; }

    /// <summary>Bytes per block; every block but the last has exactly this size.</summary>
    public int BlockSize { get; init; }

    public ImmutableArray<BlockRef> Blocks { get; init; } = ImmutableArray<BlockRef>.Empty;

    public string? SymlinkTarget { get; init; }

    /// <summary>
    /// Database-only, like <see cref="LocalFlags"/>: the inode number our scanner saw when it last recorded this
    /// entry, or null when unknown (remote entries, platforms without inodes, entries written by anything but the
    /// scanner). Never sent. A rescan treats a different inode as a change even when size and mtime agree.
    /// </summary>
    public ulong? LocalInode { get; init; }

    public bool IsDirectory => Kind == FileKind.Directory;

    public bool IsSymlink => Kind == FileKind.Symlink;

    public bool IsFile => Kind == FileKind.File;

    /// <summary>True when the entry must not be pulled from its announcer.</summary>
    public bool IsInvalid => Invalid || LocalFlags != LocalFlags.None;

    public DateTimeOffset Modified =>
        DateTimeOffset.FromUnixTimeSeconds(ModifiedSeconds).AddTicks(ModifiedNanos / 100);
}

/// <summary>Syncthing's local flags: kept in our database only; any set flag makes an entry invalid on the wire.</summary>
[Flags]
public enum LocalFlags : uint
{
    None = 0,
    Unsupported = 0x1,
    Ignored = 0x2,
    MustRescan = 0x4,
    ReceiveOnly = 0x8,
}
