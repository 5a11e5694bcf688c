namespace Syncthing.Engine.Benchmarks.SideBySide;

/// <summary>
/// Keeps the harness's own deletions out of the timed syncs. ext4 without a journal (this machine's root file system)
/// avoids handing out an inode deleted less than a minute ago, and less than six minutes ago while the inode-table
/// block holding it is dirty — which the next inode created in that block makes it (<c>recently_deleted</c> in
/// fs/ext4/ialloc.c: RECENTCY_MIN 60 s, RECENTCY_DIRTY +300 s). Each new file's inode search then steps over every
/// such inode, reading its inode-table entry. A sync that creates 30,000 files after a session that had deleted as
/// many took 12.1 s instead of 7.3 s, its receiver 15 CPU-s instead of 8, 48 % of them in <c>recently_deleted</c>; the
/// 31 s wait sessions 8 and 9 used did not prevent it. So a session directory holding 1,000 files or more is not
/// deleted during the run: it is moved aside and deleted with the work directory when the run ends. Smaller ones
/// (the big file, idle and latency homes) are deleted at once.
/// </summary>
internal sealed class DeferredDeletion(string aside)
{
    /// <summary>Directories with at least this many files are kept until the end (the big dataset is one file).</summary>
    public const int LargeDeletion = 1000;

    /// <summary>Directories moved aside so far, for the results file.</summary>
    public int Deferred { get; private set; }

    /// <summary>Deletes <paramref name="directory"/> now, or moves it aside when it holds many files.</summary>
    public void Delete(string directory)
    {
        var large = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Take(LargeDeletion).Count() >= LargeDeletion;
        if (!large)
        {
            Directory.Delete(directory, recursive: true);
            return;
        }

        Directory.CreateDirectory(aside);
        Directory.Move(directory, Path.Combine(aside, Path.GetFileName(directory)));
        Deferred++;
    }
}
