namespace Syncthing.Engine.Fs.Basic;

internal sealed partial class BasicFileSystem
{
    /// <summary>
    /// The only way a disk path is built: validates <paramref name="name"/>, lstats each parent component and
    /// refuses a symlink among them, and lstats the final component (null when absent), refusing a symlink there
    /// unless <paramref name="use"/> allows it. A missing parent ends the walk: the operation then fails with
    /// NotFound by itself.
    /// </summary>
    private (string Path, FileEntry? Entry) Resolve(string name, PathUse use)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            if (use is PathUse.SymlinkAllowed or PathUse.FinalFollowed)
            {
                throw new FsException(FsErrorKind.InvalidName, name, "the folder root is not a valid name for this operation");
            }

            return (_root, LstatRoot());
        }

        var (path, parentsExist) = ResolveParents(name);
        if (!parentsExist)
        {
            return (path, null);
        }

        var entry = LstatPath(path, name);
        if (entry is { IsSymlink: true } && use is PathUse.RootAllowed or PathUse.FinalFollowed)
        {
            throw new FsException(FsErrorKind.TraversesSymlink, name, "is a symlink; refusing to follow it");
        }

        return (path, entry);
    }

    /// <summary>
    /// The parent half of <see cref="Resolve"/> for a non-root name: validates it, lstats each parent component
    /// and refuses a symlink among them. The final component is not looked at. False when a parent is missing
    /// (the path is still returned: the operation then fails with NotFound by itself).
    /// </summary>
    private (string Path, bool ParentsExist) ResolveParents(string name)
    {
        var reason = PathNames.ValidateWireName(name);
        if (reason is not null)
        {
            throw new FsException(FsErrorKind.InvalidName, name, reason);
        }

        var components = name.Split('/');
        var path = _root;
        for (var i = 0; i < components.Length - 1; i++)
        {
            path = Path.Join(path, components[i]);
            var parent = LstatPath(path, string.Join('/', components, 0, i + 1));
            if (parent is null)
            {
                return (Path.Join(path, string.Join(Path.DirectorySeparatorChar, components, i + 1, components.Length - i - 1)), false);
            }

            if (parent.IsSymlink)
            {
                throw new FsException(FsErrorKind.TraversesSymlink, name, $"parent \"{parent.Name}\" is a symlink; refusing to traverse it");
            }
        }

        return (Path.Join(path, components[^1]), true);
    }

    /// <summary>
    /// The fast path for opening a non-root name on Linux: one openat2 that refuses a symlink anywhere in the path
    /// (<see cref="LinuxNative.OpenNoSymlinks"/>) instead of an lstat per component and then the open. Null on any
    /// failure: the caller then takes the component-by-component path, which names the error (or succeeds where a
    /// symlink in the folder root's own path is what openat2 refused — that path follows symlinks above the root).
    /// Where the kernel or a sandbox lacks openat2 the fast path is turned off for this instance.
    /// </summary>
    private Microsoft.Win32.SafeHandles.SafeFileHandle? TryOpenNoSymlinks(string name, int flags, uint mode)
    {
        if (!_native || _noOpenat2 || string.IsNullOrEmpty(name) || PathNames.ValidateWireName(name) is not null)
        {
            return null;
        }

        var (file, errno) = LinuxNative.OpenNoSymlinks(Path.Join(_root, name), flags, mode);
        if (errno is LinuxNative.ENOSYS or LinuxNative.EPERM)
        {
            _noOpenat2 = true;
        }

        return file;
    }

    /// <summary>The root described as what it resolves to (the root itself may be a symlink to the folder).</summary>
    private FileEntry? LstatRoot()
    {
        if (_native)
        {
            var errno = LinuxNative.Lstat(_root, out var raw, followFinal: true);
            return errno == 0 ? ToEntry(raw, PathNames.Root) : ErrnoToMissing(errno, PathNames.Root);
        }

        return Directory.Exists(_root) ? ManagedLstat(_root, PathNames.Root) : null;
    }

    /// <summary>lstat of an already-resolved path; null when nothing is there.</summary>
    private FileEntry? LstatPath(string path, string name)
    {
        if (_native)
        {
            var errno = LinuxNative.Lstat(path, out var raw);
            return errno == 0 ? ToEntry(raw, name) : ErrnoToMissing(errno, name);
        }

        return ManagedLstat(path, name);
    }

    private static FileEntry? ErrnoToMissing(int errno, string name) =>
        errno is LinuxNative.ENOENT or LinuxNative.ENOTDIR ? null : throw FsErrors.FromErrno(errno, name, "lstat");

    private static FileEntry ToEntry(LinuxNative.StatxResult raw, string name)
    {
        var kind = (raw.Mode & LinuxNative.SIfmt) switch
        {
            LinuxNative.SIfreg => FileEntryKind.File,
            LinuxNative.SIfdir => FileEntryKind.Directory,
            LinuxNative.SIflnk => FileEntryKind.Symlink,
            _ => FileEntryKind.Other,
        };
        var size = kind == FileEntryKind.File ? raw.Size : 0;
        return new FileEntry(
            name, kind, size, new FileTimestamp(raw.MtimeSeconds, (int)raw.MtimeNanos), raw.Mode & 0xFFF, raw.Inode, raw.Device);
    }

    private static FileEntry? ManagedLstat(string path, string name)
    {
        FileAttributes attributes;
        try
        {
            attributes = File.GetAttributes(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception exception) when (FsErrors.IsIoFailure(exception))
        {
            throw FsErrors.FromException(exception, name, "lstat");
        }

        var kind = (attributes & FileAttributes.ReparsePoint) != 0 && name.Length != 0 ? FileEntryKind.Symlink
            : (attributes & FileAttributes.Directory) != 0 ? FileEntryKind.Directory
            : FileEntryKind.File;
        FileSystemInfo info = kind == FileEntryKind.Directory ? new DirectoryInfo(path) : new FileInfo(path);
        var size = kind == FileEntryKind.File ? ((FileInfo)info).Length : 0;
        var modified = FileTimestamp.FromDateTimeOffset(new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
        uint permissions;
        if (OperatingSystem.IsWindows())
        {
            var readOnly = (attributes & FileAttributes.ReadOnly) != 0;
            permissions = kind == FileEntryKind.File ? (readOnly ? 0x124u : 0x1B6u) : 0x1FFu;
        }
        else
        {
            permissions = kind == FileEntryKind.Symlink ? 0x1FFu : (uint)info.UnixFileMode;
        }

        return new FileEntry(name, kind, size, modified, permissions, null, null);
    }
}
