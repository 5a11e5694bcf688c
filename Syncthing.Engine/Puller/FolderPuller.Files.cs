using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Puller;

internal sealed partial class FolderPuller
{
    private async Task PullFilesAsync(Run run, List<NeedItem> files, ConcurrentDictionary<string, ConcurrentBag<string>> renameSources, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxConcurrentFiles), CancellationToken = cancellationToken };
        using var largeSlots = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrentLargeFiles));
        await Parallel.ForEachAsync(files, parallel, async (item, ct) =>
        {
            var large = item.Size > _options.LargeFileBytes;
            if (large)
            {
                await largeSlots.WaitAsync(ct).ConfigureAwait(false);
            }

            try
            {
                await PullOneFileAsync(run, item, renameSources, ct).ConfigureAwait(false);
            }
            finally
            {
                if (large)
                {
                    largeSlots.Release();
                }
            }
        }).ConfigureAwait(false);
    }

    private async Task PullOneFileAsync(Run run, NeedItem item, ConcurrentDictionary<string, ConcurrentBag<string>> renameSources, CancellationToken ct)
    {
        var type = TypeName(item.Kind);
        FileRecord global;
        FileRecord? local;
        try
        {
            global = Global(item);
            local = _store.GetLocal(_folder, item.Name);
        }
        catch (PullFailedException e)
        {
            run.Fail(item.Name, e);
            return;
        }

        var metadataOnly = IsMetadataOnly(local, global);
        var action = metadataOnly ? PullAction.Metadata : PullAction.Update;
        _observer?.ItemStarted(_folder, item.Name, type, action);
        string? error = null;
        try
        {
            if (metadataOnly)
            {
                ApplyMetadata(run, global, local!, ct);
            }
            else if (!TryRename(run, global, local, renameSources, ct))
            {
                await PullFileAsync(run, global, local, ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is PullFailedException or FsException or IOException or UnauthorizedAccessException)
        {
            error = run.Fail(item.Name, e);
            _logger.LogInformation("Puller ({Folder}): {Name}: {Error}", _folder, item.Name, error);
        }

        _observer?.ItemFinished(_folder, item.Name, type, action, error);
    }

    /// <summary>1.19's shortcut: same blocks as our copy, so only permissions and mtime change.</summary>
    private static bool IsMetadataOnly(FileRecord? local, FileRecord global) =>
        local is { IsFile: true, Deleted: false, IsInvalid: false } &&
        local.BlockSize == global.BlockSize &&
        local.Size == global.Size &&
        local.Blocks.SequenceEqual(global.Blocks);

    private void ApplyMetadata(Run run, FileRecord global, FileRecord local, CancellationToken cancellationToken)
    {
        // Stricter than 1.19, which touches the file without looking: setting an mtime on an unscanned edit could
        // hide that edit from the scanner for good.
        if (!LocalGuard.DiskMatches(_fs, global.Name, local, _options.IgnorePerms))
        {
            throw PullFailedException.Modified();
        }

        if (!_options.IgnorePerms && !global.NoPermissions)
        {
            _fs.SetPermissions(global.Name, global.Permissions & PermissionMask);
        }

        _fs.SetModified(global.Name, new FileTimestamp(global.ModifiedSeconds, global.ModifiedNanos));
        run.Batch.Add(global with { LocalInode = _fs.Lstat(global.Name).Inode }, nameChanged: false, cancellationToken);
    }

    /// <summary>
    /// Rename detection (1.19): a file we are about to delete holds exactly the blocks of this needed file, so our
    /// copy is moved instead of downloading it again. Both the new name and the deletion are recorded.
    /// </summary>
    private bool TryRename(Run run, FileRecord global, FileRecord? local, ConcurrentDictionary<string, ConcurrentBag<string>> renameSources, CancellationToken cancellationToken)
    {
        if (global.Size == 0 || !renameSources.TryGetValue(BlocksKey(global), out var sources))
        {
            return false;
        }

        while (sources.TryTake(out var source))
        {
            var sourceLocal = _store.GetLocal(_folder, source);
            if (!run.TryConsume(source))
            {
                continue;
            }

            if (sourceLocal is null || !LocalGuard.DiskMatches(_fs, source, sourceLocal, _options.IgnorePerms))
            {
                run.RequestRescan(source);
                continue; // The delete of the changed source then fails safely on its own.
            }

            PrepareTarget(run, global, local);
            if (!_options.IgnorePerms && !global.NoPermissions)
            {
                _fs.SetPermissions(source, global.Permissions & PermissionMask);
            }

            _fs.SetModified(source, new FileTimestamp(global.ModifiedSeconds, global.ModifiedNanos));
            _fs.Rename(source, global.Name);
            run.Batch.Add(global with { LocalInode = _fs.Lstat(global.Name).Inode }, nameChanged: true, cancellationToken);
            var deletion = _store.GetGlobal(_folder, source);
            if (deletion is { Deleted: true })
            {
                run.Batch.Add(deletion with { LocalInode = null }, nameChanged: true, cancellationToken);
            }

            return true;
        }

        return false;
    }

    /// <summary>Files larger than this (one minimum-size block) are checked against our copy before downloading.</summary>
    internal const long EarlyCheckFromBytes = 128 * 1024;

    private async Task PullFileAsync(Run run, FileRecord global, FileRecord? local, CancellationToken cancellationToken)
    {
        // Refuse early (before downloading anything) when our copy has changed unseen; checked again before the rename,
        // which is what keeps the change. A file of one small block is not worth the early look (three path walks
        // per pulled file): in the rare case it has changed, one small block was fetched for nothing.
        if (global.Size > EarlyCheckFromBytes && !LocalGuard.DiskMatches(_fs, global.Name, local, _options.IgnorePerms))
        {
            throw PullFailedException.Modified();
        }

        string temp;
        ulong? inode;
        try
        {
            (temp, inode) = await run.Fetcher.FetchAsync(global, local, cancellationToken).ConfigureAwait(false);
        }
        catch (FsException e) when (e.Kind is FsErrorKind.NotFound or FsErrorKind.NotADirectory && !ParentIsDirectory(global.Name))
        {
            // The temp file, created before anything is downloaded, found no directory to go in: the parent is
            // looked at only then (two path walks fewer per pulled file), created if missing, and the fetch redone.
            RequireParent(run, global.Name);
            (temp, inode) = await run.Fetcher.FetchAsync(global, local, cancellationToken).ConfigureAwait(false);
        }

        if (!_options.DisableFsync)
        {
            // Data, permissions and mtime durable before the rename makes them the file's (grouped with other files).
            await run.Durability.SyncAsync(temp, cancellationToken).ConfigureAwait(false);
        }

        PrepareTarget(run, global, local);
        _fs.Rename(temp, global.Name);
        run.Batch.Add(global with { LocalInode = inode }, nameChanged: true, cancellationToken);
    }

    private bool ParentIsDirectory(string name)
    {
        var parent = PathNames.Parent(name);
        return parent.Length == 0 || _fs.TryLstat(parent) is { IsDirectory: true };
    }

    /// <summary>
    /// 1.19 <c>performFinish</c>'s checks on whatever is at the target: it must be what our index says; a
    /// concurrent version of ours is moved to a conflict copy (queued for a scan, so it is announced like 1.19's
    /// scanChan does, watcher or not); a directory or symlink in the way is removed.
    /// </summary>
    private void PrepareTarget(Run run, FileRecord global, FileRecord? local)
    {
        var disk = _fs.TryLstat(global.Name);
        if (disk is null)
        {
            if (local is { Deleted: false, IsInvalid: false })
            {
                throw PullFailedException.Modified();
            }

            return;
        }

        if (!LocalGuard.DiskMatches(_fs, global.Name, disk, local, _options.IgnorePerms))
        {
            throw PullFailedException.Modified();
        }

        if (disk.IsFile && local is not null && ConflictResolution.InConflict(local.Version, global.Version, _us))
        {
            RescanCopy(run, _conflicts.MoveForConflict(global.Name, global.ModifiedBy));
        }
        else if (!disk.IsFile)
        {
            RemoveItem(global.Name);
        }

        // A file at the target is replaced atomically by the rename.
    }
}
