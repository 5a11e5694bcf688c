using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Puller;

/// <summary>What the puller does with the local item when it applies an incoming (global) version over it.</summary>
internal enum ConflictAction
{
    /// <summary>No conflict: replace (or delete) the local item as usual, through the versioner if one is set.</summary>
    Replace,

    /// <summary>The incoming version wins; the local file is renamed to <see cref="ConflictDecision.ConflictCopyName"/>
    /// (then scanned and announced as a new file) and older copies beyond maxConflicts are pruned.</summary>
    MoveToConflictCopy,

    /// <summary>The incoming version wins and no copy is kept: the local file is already a conflict copy, or
    /// maxConflicts is 0. It is removed (not versioned).</summary>
    RemoveLocal,

    /// <summary>A remote delete met a concurrent local change: the delete is not applied; the local entry is
    /// re-committed with <see cref="ConflictDecision.MergedVersion"/> so the local file wins everywhere.</summary>
    KeepLocalWithMergedVersion,
}

/// <summary>The outcome of <see cref="ConflictResolution.Decide"/>.</summary>
internal sealed record ConflictDecision(ConflictAction Action, string? ConflictCopyName = null, VersionVector? MergedVersion = null)
{
    public static ConflictDecision Replace { get; } = new(ConflictAction.Replace);
}

/// <summary>
/// Syncthing 1.19's conflict rules as pure functions (brief §5.2–5.3; lib/protocol <c>WinsConflict</c>, and
/// folder_sendrecv.go <c>inConflict</c>, <c>moveForConflict</c>, <c>handleFile</c>/<c>handleDir</c>/
/// <c>handleSymlink</c>/<c>deleteFileWithCurrent</c>).
/// <para>
/// Who wins is decided by global-version selection before anything is pulled (<see cref="WinsConflict"/>: a valid
/// version beats an invalid one, a modification beats a delete, then the newer mtime, and on equal mtimes the
/// ConcurrentGreater vector — the one ahead at the lowest differing counter ID, not the greater device ID). The
/// puller only ever applies the winner; <see cref="Decide"/> says what happens to the local loser.
/// </para>
/// </summary>
internal static class ConflictResolution
{
    /// <summary>1.19's <c>WinsConflict(a, b)</c>: true when <paramref name="a"/> is chosen over the concurrent
    /// <paramref name="b"/>. False for both orders when they are fully equal.</summary>
    public static bool WinsConflict(FileRecord a, FileRecord b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.IsInvalid != b.IsInvalid)
        {
            return !a.IsInvalid;
        }

        if (a.Deleted != b.Deleted)
        {
            return !a.Deleted;
        }

        var mtime = (a.ModifiedSeconds, a.ModifiedNanos).CompareTo((b.ModifiedSeconds, b.ModifiedNanos));
        if (mtime != 0)
        {
            return mtime > 0;
        }

        return a.Version.Compare(b.Version) == Ordering.ConcurrentGreater;
    }

    /// <summary>
    /// 1.19's <c>inConflict</c>: the vectors are concurrent, or the replacement carries a higher counter for our own
    /// short ID than our current version (only we increment it, so our index must have been lost).
    /// </summary>
    public static bool InConflict(VersionVector current, VersionVector replacement, ShortId us)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(replacement);
        return current.IsConcurrentWith(replacement) || replacement.Counter(us) > current.Counter(us);
    }

    /// <summary>
    /// What to do with the local item <paramref name="local"/> (our index entry, already checked to match the disk)
    /// when applying <paramref name="incoming"/>.
    /// </summary>
    /// <param name="local">Our current entry for the name, or null when we have none.</param>
    /// <param name="incoming">The global version being applied (a file, directory, symlink or delete).</param>
    /// <param name="us">Our short ID.</param>
    /// <param name="maxConflicts">The folder's maxConflicts (−1 unlimited, 0 none).</param>
    /// <param name="localTime">Our local time now, for the conflict copy's stamp.</param>
    public static ConflictDecision Decide(FileRecord? local, FileRecord incoming, ShortId us, int maxConflicts, DateTimeOffset localTime)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConflicts, -1);

        // Nothing of ours on disk (never had it, or deleted locally): a remote modification simply recreates it.
        if (local is null || local.Deleted || !InConflict(local.Version, incoming.Version, us))
        {
            return ConflictDecision.Replace;
        }

        if (incoming.Deleted)
        {
            // Deletions always lose against a concurrent change: keep the local item and merge the delete's vector
            // into ours (1.19 deleteFileWithCurrent). Directory deletes have no conflict handling in 1.19.
            return local.IsDirectory
                ? ConflictDecision.Replace
                : new ConflictDecision(ConflictAction.KeepLocalWithMergedVersion, MergedVersion: local.Version.Merge(incoming.Version));
        }

        // Only regular files are filed away; a local directory or symlink is replaced without a copy.
        if (!local.IsFile)
        {
            return ConflictDecision.Replace;
        }

        if (ConflictNames.IsConflictCopy(local.Name) || maxConflicts == 0)
        {
            return new ConflictDecision(ConflictAction.RemoveLocal);
        }

        return new ConflictDecision(
            ConflictAction.MoveToConflictCopy,
            ConflictCopyName: ConflictNames.ConflictName(local.Name, new ShortId(incoming.ModifiedBy), localTime));
    }
}
