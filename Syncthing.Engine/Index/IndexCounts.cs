namespace Syncthing.Engine.Index;

/// <summary>
/// Item counts as Syncthing's database keeps them (lib/db Counts): a deleted entry counts only in
/// <see cref="Deleted"/>, directories and symlinks add 128 synthetic bytes each, deleted entries add 0 bytes.
/// </summary>
internal readonly record struct IndexCounts(long Files, long Directories, long Symlinks, long Deleted, long Bytes)
{
    /// <summary>Files + directories + symlinks + deleted, Syncthing's <c>TotalItems</c> (e.g. globalTotalItems).</summary>
    public long TotalItems => Files + Directories + Symlinks + Deleted;
}
