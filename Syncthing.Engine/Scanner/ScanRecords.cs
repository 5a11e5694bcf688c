using System.Collections.Immutable;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Scanner;

/// <summary>
/// The scanner's rules for comparing what is on disk with our index entry and for building the records it writes
/// (1.19 <c>FileInfo.isEquivalent</c>, <c>walker.updateFileInfo</c>, <c>SetDeleted</c>, <c>SetIgnored</c>).
/// </summary>
internal static class ScanRecords
{
    private const uint PermissionMask = 0x1FF; // 0777

    /// <summary>Local flags that make a rescan drop other devices' counters (1.19 <c>LocalConflictFlags</c>).</summary>
    private const LocalFlags ConflictFlags = LocalFlags.Unsupported | LocalFlags.Ignored | LocalFlags.ReceiveOnly;

    /// <summary>
    /// True when <paramref name="existing"/> still describes the item on disk, so nothing is written. As in 1.19:
    /// an invalid, must-rescan or deleted entry never matches (a receive-only change does); kinds must agree; permissions (& 0777) must agree
    /// unless either side has none or <paramref name="ignorePerms"/>; files also compare size and mtime (s + ns),
    /// symlinks their target, and directories nothing more (their mtime changes with every child and is not
    /// compared). Additionally, with <paramref name="useInodes"/>, a file whose inode differs from the recorded
    /// one (both known) has been replaced and is not unchanged.
    /// </summary>
    public static bool IsUnchanged(FileRecord existing, FileEntry disk, string? symlinkTarget, bool ignorePerms, bool useInodes)
    {
        // A receive-only change is still what is on disk: only other flags (ignored, unsupported, must-rescan)
        // make an entry unusable for comparison.
        if (existing.Invalid || (existing.LocalFlags & ~LocalFlags.ReceiveOnly) != 0 || existing.Deleted || existing.Kind != KindOf(disk))
        {
            return false;
        }

        var diskNoPermissions = disk.IsSymlink || ignorePerms;
        if (!ignorePerms && !existing.NoPermissions && !diskNoPermissions &&
            (existing.Permissions & PermissionMask) != (disk.Permissions & PermissionMask))
        {
            return false;
        }

        return disk.Kind switch
        {
            FileEntryKind.File => existing.Size == disk.Size &&
                existing.ModifiedSeconds == disk.Modified.Seconds &&
                existing.ModifiedNanos == disk.Modified.Nanoseconds &&
                !(useInodes && existing.LocalInode is { } was && disk.Inode is { } now && was != now),
            FileEntryKind.Symlink => string.Equals(existing.SymlinkTarget, symlinkTarget, StringComparison.Ordinal),
            _ => true,
        };
    }

    public static FileKind KindOf(FileEntry disk) => disk.Kind switch
    {
        FileEntryKind.File => FileKind.File,
        FileEntryKind.Directory => FileKind.Directory,
        FileEntryKind.Symlink => FileKind.Symlink,
        _ => throw new ArgumentException($"\"{disk.Name}\" is neither a file, a directory nor a symlink.", nameof(disk)),
    };

    /// <summary>
    /// The version of a local change: the previous one bumped with our counter; when the previous entry was
    /// ignored, unsupported or a receive-only change, other devices' counters are dropped (1.19 <c>DropOthers</c>)
    /// because that entry did not follow the cluster.
    /// </summary>
    public static VersionVector NextVersion(FileRecord? existing, ShortId us, DateTimeOffset now)
    {
        var version = (existing?.Version ?? VersionVector.Empty).Update(us, now);
        return existing is not null && (existing.LocalFlags & ConflictFlags) != 0
            ? VersionVector.FromCounters(version.Counters.Where(c => c.Id == us.Value))
            : version;
    }

    /// <summary>A directory or symlink (no blocks, size 0) as found on disk.</summary>
    public static FileRecord NonFile(FileEntry disk, string? symlinkTarget, FileRecord? existing, ShortId us, DateTimeOffset now, bool ignorePerms)
    {
        var symlink = disk.IsSymlink;
        return new FileRecord
        {
            Name = disk.Name,
            Kind = KindOf(disk),
            // 1.19 records neither permissions nor an mtime for symlinks (CreateFileInfo returns before both).
            Permissions = symlink ? 0 : disk.Permissions & PermissionMask,
            NoPermissions = symlink || ignorePerms,
            ModifiedSeconds = symlink ? 0 : disk.Modified.Seconds,
            ModifiedNanos = symlink ? 0 : disk.Modified.Nanoseconds,
            ModifiedBy = us.Value,
            Version = NextVersion(existing, us, now),
            SymlinkTarget = symlinkTarget,
        };
    }

    /// <summary>A regular file with the block list hashed from exactly the content <paramref name="disk"/> describes.</summary>
    public static FileRecord File(FileEntry disk, int blockSize, ImmutableArray<BlockRef> blocks, FileRecord? existing, ShortId us, DateTimeOffset now, bool ignorePerms) =>
        new()
        {
            Name = disk.Name,
            Kind = FileKind.File,
            Size = disk.Size,
            Permissions = disk.Permissions & PermissionMask,
            NoPermissions = ignorePerms,
            ModifiedSeconds = disk.Modified.Seconds,
            ModifiedNanos = disk.Modified.Nanoseconds,
            ModifiedBy = us.Value,
            Version = NextVersion(existing, us, now),
            BlockSize = blockSize,
            Blocks = blocks,
            LocalInode = disk.Inode,
        };

    /// <summary>
    /// 1.19 <c>SetDeleted</c>: kind, permissions and the nanosecond part of the mtime are kept, the seconds become
    /// "now", content goes, the version is bumped (or emptied when the entry was ignored/unsupported, so the
    /// cluster's version is pulled back rather than overridden).
    /// </summary>
    public static FileRecord Deleted(FileRecord existing, ShortId us, DateTimeOffset now) =>
        existing with
        {
            Deleted = true,
            Invalid = false,
            LocalFlags = LocalFlags.None,
            Size = 0,
            Blocks = ImmutableArray<BlockRef>.Empty,
            ModifiedSeconds = now.ToUnixTimeSeconds(),
            ModifiedBy = us.Value,
            Version = (existing.LocalFlags & ConflictFlags) != 0 ? VersionVector.Empty : existing.Version.Update(us, now),
            LocalInode = null,
        };

    /// <summary>1.19 <c>SetIgnored</c>: the local flag replaces any other, content goes, the version is unchanged.</summary>
    public static FileRecord Ignored(FileRecord existing) =>
        existing with
        {
            Invalid = false,
            LocalFlags = LocalFlags.Ignored,
            Size = 0,
            Blocks = ImmutableArray<BlockRef>.Empty,
        };
}
