using Syncthing.Engine.Fs;
using Syncthing.Engine.Ignore;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Puller;

internal sealed partial class FolderPuller
{
    private const uint PermissionMask = 0x1FF;

    /// <summary>1.19 <c>handleDir</c>: create (or fix permissions of) a directory; replace a file only if unchanged.</summary>
    private void HandleDirectory(Run run, NeedItem item, CancellationToken cancellationToken)
    {
        var global = Global(item);
        var local = _store.GetLocal(_folder, item.Name);
        var disk = _fs.TryLstat(item.Name);
        if (disk is not null && !disk.IsDirectory)
        {
            ClearForReplacement(run, item.Name, local, global);
            disk = null;
        }

        var mode = _options.IgnorePerms || global.NoPermissions ? 0x1FFu : global.Permissions & PermissionMask;
        if (disk is null)
        {
            RequireParent(run, item.Name);
            _fs.CreateDirectory(item.Name, mode);
        }

        if (!_options.IgnorePerms && !global.NoPermissions)
        {
            // Keep setuid/setgid/sticky bits of an existing directory, as 1.19 does.
            var retained = (disk?.Permissions ?? 0) & 0xE00;
            _fs.SetPermissions(item.Name, mode | retained);
        }

        run.Batch.Add(global with { LocalInode = null }, nameChanged: disk is null, cancellationToken);
    }

    /// <summary>1.19 <c>handleSymlink</c>: the target string as-is, never followed; no permissions or mtime.</summary>
    private void HandleSymlink(Run run, NeedItem item, CancellationToken cancellationToken)
    {
        var global = Global(item);
        if (string.IsNullOrEmpty(global.SymlinkTarget))
        {
            throw new PullFailedException("incoming symlink has an empty target");
        }

        var local = _store.GetLocal(_folder, item.Name);
        if (_fs.TryLstat(item.Name) is not null)
        {
            ClearForReplacement(run, item.Name, local, global);
        }

        RequireParent(run, item.Name);
        _fs.CreateSymlink(item.Name, global.SymlinkTarget);
        run.Batch.Add(global with { LocalInode = null }, nameChanged: true, cancellationToken);
    }

    /// <summary>
    /// Something is in the way of a new directory or symlink: it must be what our index says; a file changed
    /// concurrently becomes a conflict copy, anything else is removed (a directory only when empty).
    /// </summary>
    private void ClearForReplacement(Run run, string name, FileRecord? local, FileRecord global)
    {
        if (!LocalGuard.DiskMatches(_fs, name, local, _options.IgnorePerms))
        {
            throw PullFailedException.Modified();
        }

        if (local is { IsFile: true } && ConflictResolution.InConflict(local.Version, global.Version, _us))
        {
            RescanCopy(run, _conflicts.MoveForConflict(name, global.ModifiedBy));
            return;
        }

        RemoveItem(name);
    }

    /// <summary>A new conflict copy is an ordinary new file: the runner scans it after this iteration.</summary>
    private static void RescanCopy(Run run, string? copy)
    {
        if (copy is not null)
        {
            run.RequestRescan(copy);
        }
    }

    private void RemoveItem(string name)
    {
        var disk = _fs.Lstat(name);
        if (disk.IsDirectory)
        {
            RemoveDirectoryLeftovers(name, ignores: null);
        }

        _fs.Remove(name);
    }

    /// <summary>1.19 <c>deleteFile</c>: only an unchanged file is deleted; a concurrent local edit resurrects instead.</summary>
    private void DeleteFile(Run run, NeedItem item, CancellationToken cancellationToken)
    {
        var global = Global(item);
        var local = _store.GetLocal(_folder, item.Name);
        if (!LocalGuard.DiskMatches(_fs, item.Name, local, _options.IgnorePerms))
        {
            throw PullFailedException.Modified();
        }

        if (local is { Deleted: false, IsInvalid: false, IsFile: true } && ConflictResolution.InConflict(local.Version, global.Version, _us))
        {
            // Deletions lose against concurrent edits (1.x): keep our file, with a version that beats the delete.
            var merged = local.Version.Merge(global.Version).Update(_us, _time.GetUtcNow());
            run.Batch.Add(local with { Version = merged, ModifiedBy = _us.Value }, nameChanged: false, cancellationToken);
            return;
        }

        if (_fs.TryLstat(item.Name) is not null)
        {
            _fs.Remove(item.Name);
        }

        run.Batch.Add(global with { LocalInode = null }, nameChanged: true, cancellationToken);
    }

    /// <summary>
    /// 1.19 <c>deleteDir</c>: our temporary files inside are removed; anything else left there keeps the directory
    /// ("directory is not empty") so that no unannounced file is lost.
    /// </summary>
    private void DeleteDirectory(Run run, NeedItem item, CancellationToken cancellationToken)
    {
        var global = Global(item);
        var local = _store.GetLocal(_folder, item.Name);
        var disk = _fs.TryLstat(item.Name);
        if (disk is not null)
        {
            if (!disk.IsDirectory || (local is not null && !local.Deleted && !local.IsDirectory))
            {
                throw PullFailedException.Modified();
            }

            RemoveDirectoryLeftovers(item.Name, ignores: null);
            if (_fs.ListDirectory(item.Name).Count > 0)
            {
                throw new PullFailedException("directory has been deleted on a remote device but is not empty; the contents will be rescanned", rescan: true);
            }

            _fs.Remove(item.Name);
        }

        run.Batch.Add(global with { LocalInode = null }, nameChanged: true, cancellationToken);
    }

    /// <summary>Removes our temporary files (and, given ignores, deletable ignored items) directly inside a directory.</summary>
    private void RemoveDirectoryLeftovers(string directory, IgnoreMatcher? ignores)
    {
        foreach (var entry in _fs.ListDirectory(directory))
        {
            var name = PathNames.Join(directory, PathNames.FileName(entry.Name));
            var deletable = TempNames.IsTemporary(name) || (ignores is not null && ignores.Match(name).IsDeletable);
            if (deletable && !entry.IsDirectory)
            {
                _fs.Remove(name);
            }
        }
    }

    /// <summary>
    /// 1.19 <c>checkParent</c>: the parent must be a directory. A missing one (a directory deleted elsewhere while
    /// another device added a file to it, or an ignored directory holding an unignored name) is created with any
    /// missing ancestors, 0755 as in 1.19, each made durable in its own parent before anything goes inside, and the
    /// topmost one is scanned after this pull so it is announced; otherwise such a file would fail on every pull.
    /// Something other than a directory in the way fails the item.
    /// </summary>
    private void RequireParent(Run run, string name)
    {
        var parent = PathNames.Parent(name);
        if (parent.Length == 0)
        {
            return;
        }

        var entry = _fs.TryLstat(parent);
        if (entry is { IsDirectory: true })
        {
            return;
        }

        if (entry is not null)
        {
            throw new PullFailedException("parent is not a directory");
        }

        var missing = new Stack<string>([parent]);
        for (var directory = PathNames.Parent(parent); directory.Length > 0 && _fs.TryLstat(directory) is null; directory = PathNames.Parent(directory))
        {
            missing.Push(directory);
        }

        run.RequestRescan(missing.Peek());
        while (missing.TryPop(out var directory))
        {
            try
            {
                _fs.CreateDirectory(directory, ResurrectedDirectoryMode);
            }
            catch (FsException e) when (e.Kind == FsErrorKind.AlreadyExists && _fs.TryLstat(directory) is { IsDirectory: true })
            {
                // Another file of the same directory got here first (also after the looks above).
            }

            if (!_options.DisableFsync)
            {
                _fs.SyncDirectory(PathNames.Parent(directory));
            }
        }
    }

    /// <summary>Permissions of a parent directory created for a pulled item (1.19's MkdirAll mode).</summary>
    private const uint ResurrectedDirectoryMode = 0x1ED;
}
