using System.Collections.Immutable;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Index;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Model;

/// <summary>
/// The two buttons of 1.19's special folder types. <see cref="Override"/> (send-only): our state becomes global —
/// every item we need is answered with our own version (merged with theirs and bumped) or, where we lack the
/// item, with a deletion. <see cref="Revert"/> (receive-only): our local changes are undone — items others have get
/// an empty version so the cluster's version is pulled back over them, items only we have are deleted from disk.
/// Both only write our index (and, for Revert, remove locally added items); the caller announces and pulls.
/// </summary>
internal static class FolderOverrides
{
    private const int BatchSize = 1000;

    /// <summary>Returns the number of items re-announced.</summary>
    public static int Override(IIndexStore store, string folder, ShortId us, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var records = new List<FileRecord>();
        var total = 0;
        foreach (var need in store.Need(folder).ToList())
        {
            total++;
            cancellationToken.ThrowIfCancellationRequested();
            var have = store.GetLocal(folder, need.Name);
            if (have is null || have.Deleted || have.IsInvalid)
            {
                records.Add(need with
                {
                    Deleted = true,
                    Size = 0,
                    Blocks = ImmutableArray<BlockRef>.Empty,
                    Version = need.Version.Update(us, now),
                    ModifiedBy = us.Value,
                    ModifiedSeconds = now.ToUnixTimeSeconds(),
                    LocalFlags = LocalFlags.None,
                    Invalid = false,
                    LocalInode = null,
                });
            }
            else
            {
                records.Add(have with { Version = have.Version.Merge(need.Version).Update(us, now), ModifiedBy = us.Value });
            }

            FlushIfFull(store, folder, records, cancellationToken);
        }

        FlushIfFull(store, folder, records, cancellationToken, force: true);
        return total;
    }

    /// <summary>Returns the number of local changes reverted.</summary>
    public static int Revert(IIndexStore store, IFileSystem fs, string folder, CancellationToken cancellationToken)
    {
        var changed = store.LocalEntriesUnder(folder, "").Where(r => (r.LocalFlags & LocalFlags.ReceiveOnly) != 0).ToList();
        var records = new List<FileRecord>();
        var directories = new List<FileRecord>();
        foreach (var local in changed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var global = store.GetGlobal(folder, local.Name);
            var othersHaveIt = global is not null && !global.IsInvalid && store.Availability(folder, local.Name).Count > 0;
            if (othersHaveIt)
            {
                // Empty version: the global one is needed again and pulled over our change (no conflict copy).
                records.Add(local with { Version = VersionVector.Empty, LocalFlags = LocalFlags.None });
            }
            else if (local.IsDirectory && !local.Deleted)
            {
                directories.Add(local);
            }
            else
            {
                if (!local.Deleted && fs.TryLstat(local.Name) is not null)
                {
                    fs.Remove(local.Name);
                }

                records.Add(Forgotten(local));
            }
        }

        foreach (var directory in directories.OrderByDescending(d => d.Name, StringComparer.Ordinal))
        {
            if (fs.TryLstat(directory.Name) is { IsDirectory: true } && fs.ListDirectory(directory.Name).Count == 0)
            {
                fs.Remove(directory.Name);
                records.Add(Forgotten(directory));
            }
        }

        if (records.Count > 0)
        {
            store.UpdateLocal(folder, records, cancellationToken);
        }

        return records.Count;
    }

    /// <summary>An item only we had, now gone: a deletion nobody needs (empty version), as 1.19's Revert records it.</summary>
    private static FileRecord Forgotten(FileRecord local) => local with
    {
        Deleted = true,
        Size = 0,
        Blocks = ImmutableArray<BlockRef>.Empty,
        Version = VersionVector.Empty,
        LocalFlags = LocalFlags.None,
        LocalInode = null,
    };

    private static void FlushIfFull(IIndexStore store, string folder, List<FileRecord> records, CancellationToken cancellationToken, bool force = false)
    {
        if (records.Count > 0 && (force || records.Count >= BatchSize))
        {
            store.UpdateLocal(folder, records, cancellationToken);
            records.Clear();
        }
    }
}
