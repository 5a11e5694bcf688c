using Syncthing.Engine.Fs;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Scanner;

namespace Syncthing.Engine.Puller;

/// <summary>
/// The safety check before the puller replaces or deletes anything (1.19 <c>checkToBeDeleted</c> /
/// <c>scanIfItemChanged</c>): the item on disk must be exactly what our index says, otherwise there is a local change
/// nobody has scanned yet, and touching it could lose data.
/// </summary>
internal static class LocalGuard
{
    /// <summary>The reason 1.19 gives for an item changed on disk but not rescanned.</summary>
    public const string ModifiedReason = "file modified but not rescanned; will try again later";

    /// <summary>
    /// True when the disk agrees with <paramref name="local"/>: nothing there and nothing (or a deletion) recorded,
    /// or the recorded item unchanged by the scanner's rules. Unsupported and ignored entries never match a
    /// present item.
    /// </summary>
    public static bool DiskMatches(IFileSystem fs, string name, FileRecord? local, bool ignorePerms) =>
        DiskMatches(fs, name, fs.TryLstat(name), local, ignorePerms);

    /// <summary>As above, with <paramref name="disk"/> just read by the caller (TryLstat of <paramref name="name"/>).</summary>
    public static bool DiskMatches(IFileSystem fs, string name, FileEntry? disk, FileRecord? local, bool ignorePerms)
    {
        if (disk is null)
        {
            return local is null || local.Deleted || local.IsInvalid;
        }

        if (local is null || local.Deleted || disk.Kind == FileEntryKind.Other)
        {
            return false;
        }

        var target = disk.IsSymlink ? fs.ReadSymlink(name) : null;
        return ScanRecords.IsUnchanged(local, disk, target, ignorePerms, useInodes: true);
    }
}
