using Microsoft.Win32.SafeHandles;

namespace Syncthing.Engine.Fs.Basic;

/// <summary>
/// <see cref="IFileSystem"/> on the real disk under one root directory. On Linux (x64/arm64) metadata comes from
/// libc (statx, utimensat, rename, mkdir, unlink, rmdir, chmod, fsync: nanosecond mtimes, inode and device, precise
/// errno); elsewhere from the managed APIs (100 ns mtimes, no inode). Every path is built by <see cref="Resolve"/>,
/// which validates the name and refuses symlinks among its parent components.
/// <para>
/// The symlink checks are lstat-then-act, so a local process racing the check can still swap a directory for a
/// symlink in between; they stop names from a peer escaping the root, not a hostile local user. Opening to read and
/// creating are the exception on Linux 5.6+: openat2 refuses symlinks in the same call as the open.
/// </para>
/// </summary>
internal sealed partial class BasicFileSystem : IFileSystem
{
    private readonly string _root;
    private readonly bool _native;

    /// <summary>Set once openat2 turned out to be unavailable (old kernel, sandbox); never cleared.</summary>
    private bool _noOpenat2;

    /// <param name="root">The folder's directory; made absolute. It may itself be a symlink.</param>
    public BasicFileSystem(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        _native = LinuxNative.IsSupported;
    }

    public string Description => _root;

    /// <summary>The absolute directory the names are relative to.</summary>
    public string RootPath => _root;

    public FileEntry Lstat(string name) =>
        TryLstat(name) ?? throw new FsException(FsErrorKind.NotFound, name, "lstat failed: no such file or directory");

    public FileEntry? TryLstat(string name)
    {
        // Resolve's own lstat of the final component is the answer; only the root (which Resolve describes as what
        // it points to) is looked at again without following.
        var (path, entry) = Resolve(name, PathUse.RootOrSymlinkAllowed);
        return name.Length == 0 ? LstatPath(path, name) : entry;
    }

    public bool Exists(string name) => TryLstat(name) is not null;

    public IReadOnlyList<FileEntry> ListDirectory(string name)
    {
        var (path, entry) = Resolve(name, PathUse.RootAllowed);
        RequireKind(entry, name, FileEntryKind.Directory, "list directory");
        var result = new List<FileEntry>();
        try
        {
            foreach (var child in Directory.EnumerateFileSystemEntries(path))
            {
                // Raw on-disk spelling (not NFC-normalised), so a wrongly normalised name is visible to the scanner.
                var childName = PathNames.Join(name, Path.GetFileName(child));
                var childEntry = LstatPath(child, childName);
                if (childEntry is not null)
                {
                    result.Add(childEntry);
                }
            }
        }
        catch (Exception exception) when (FsErrors.IsIoFailure(exception))
        {
            throw FsErrors.FromException(exception, name, "list directory");
        }

        result.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    public Stream OpenRead(string name)
    {
        if (TryOpenNoSymlinks(name, LinuxNative.OpenForReading, 0) is { } opened)
        {
            // O_NONBLOCK kept a FIFO from blocking the open; only a regular file is handed out, in blocking mode.
            if (LinuxNative.Fstat(opened, out var raw) == 0 && (raw.Mode & LinuxNative.SIfmt) == LinuxNative.SIfreg && LinuxNative.MakeBlocking(opened) == 0)
            {
                return new FileStream(opened, FileAccess.Read, 0);
            }

            opened.Dispose();
        }

        var (path, entry) = Resolve(name, PathUse.FinalFollowed);
        RequireKind(entry, name, FileEntryKind.File, "open for reading");
        return OpenStream(path, name, FileMode.Open, FileAccess.Read, null, "open for reading");
    }

    public Stream CreateNew(string name, uint permissions)
    {
        if (TryOpenNoSymlinks(name, LinuxNative.CreateExclusive, permissions & 0x1FF) is { } created)
        {
            return Writable(new FileStream(created, FileAccess.ReadWrite, 0));
        }

        if (_native && name.Length > 0)
        {
            // O_CREAT|O_EXCL refuses whatever is already there, a symlink included, without following it, so the
            // final component is only looked at to name a refusal.
            var (target, _) = ResolveParents(name);
            try
            {
                return Writable(OpenStream(target, name, FileMode.CreateNew, FileAccess.ReadWrite, permissions & 0x1FF, "create"));
            }
            catch (FsException exception) when (exception.Kind == FsErrorKind.AlreadyExists && LstatPath(target, name) is { IsSymlink: true })
            {
                throw new FsException(FsErrorKind.TraversesSymlink, name, "is a symlink; refusing to follow it");
            }
        }

        var (path, entry) = Resolve(name, PathUse.FinalFollowed);
        if (entry is not null)
        {
            throw new FsException(FsErrorKind.AlreadyExists, name, "create failed: already exists");
        }

        return Writable(OpenStream(path, name, FileMode.CreateNew, FileAccess.ReadWrite, permissions & 0x1FF, "create"));
    }

    public Stream OpenWrite(string name)
    {
        var (path, entry) = Resolve(name, PathUse.FinalFollowed);
        RequireKind(entry, name, FileEntryKind.File, "open for writing");
        return Writable(OpenStream(path, name, FileMode.Open, FileAccess.ReadWrite, null, "open for writing"));
    }

    public void Rename(string from, string to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (_native && from.Length > 0 && to.Length > 0)
        {
            // rename(2) follows neither final component and reports a missing source itself, so only the parents
            // are checked, and only once when both names share them (a temp file and its target do).
            var (fromNative, _) = ResolveParents(from);
            var toNative = PathNames.Parent(from) == PathNames.Parent(to) && PathNames.ValidateWireName(to) is null
                ? Path.Join(Path.GetDirectoryName(fromNative), PathNames.FileName(to))
                : ResolveParents(to).Path;
            Check(LinuxNative.Rename(fromNative, toNative), from, $"rename to \"{to}\"");
            return;
        }

        var (fromPath, fromEntry) = Resolve(from, PathUse.SymlinkAllowed);
        var (toPath, _) = Resolve(to, PathUse.SymlinkAllowed);
        if (fromEntry is null)
        {
            throw new FsException(FsErrorKind.NotFound, from, "rename failed: no such file or directory");
        }

        if (_native)
        {
            Check(LinuxNative.Rename(fromPath, toPath), from, $"rename to \"{to}\"");
            return;
        }

        Managed(from, "rename", () =>
        {
            if (fromEntry.IsDirectory)
            {
                Directory.Move(fromPath, toPath);
            }
            else
            {
                File.Move(fromPath, toPath, overwrite: true);
            }
        });
    }

    public void Remove(string name)
    {
        var (path, entry) = Resolve(name, PathUse.SymlinkAllowed);
        if (entry is null)
        {
            throw new FsException(FsErrorKind.NotFound, name, "remove failed: no such file or directory");
        }

        if (_native)
        {
            Check(entry.IsDirectory ? LinuxNative.Rmdir(path) : LinuxNative.Unlink(path), name, "remove");
            return;
        }

        Managed(name, "remove", () =>
        {
            if (entry.IsDirectory)
            {
                if (Directory.EnumerateFileSystemEntries(path).Any())
                {
                    throw new FsException(FsErrorKind.DirectoryNotEmpty, name, "remove failed: directory not empty");
                }

                Directory.Delete(path, recursive: false);
            }
            else
            {
                File.Delete(path);
            }
        });
    }

    public void CreateDirectory(string name, uint permissions)
    {
        var (path, entry) = Resolve(name, PathUse.SymlinkAllowed);
        if (entry is not null)
        {
            throw new FsException(FsErrorKind.AlreadyExists, name, "create directory failed: already exists");
        }

        if (_native)
        {
            Check(LinuxNative.Mkdir(path, permissions & 0x1FF), name, "create directory");
            return;
        }

        RequireParentDirectory(name, path, "create directory");
        Managed(name, "create directory", () =>
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                Directory.CreateDirectory(path, (UnixFileMode)(permissions & 0x1FF));
            }
        });
    }

    public void CreateSymlink(string name, string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        var (path, entry) = Resolve(name, PathUse.SymlinkAllowed);
        if (entry is not null)
        {
            throw new FsException(FsErrorKind.AlreadyExists, name, "create symlink failed: already exists");
        }

        Managed(name, "create symlink", () => File.CreateSymbolicLink(path, target));
    }

    public string ReadSymlink(string name)
    {
        var (path, entry) = Resolve(name, PathUse.SymlinkAllowed);
        RequireKind(entry, name, FileEntryKind.Symlink, "read symlink");
        string? target = null;
        Managed(name, "read symlink", () => target = new FileInfo(path).LinkTarget);
        return target ?? throw new FsException(FsErrorKind.Io, name, "read symlink failed: no target");
    }

    public void SetModified(string name, FileTimestamp modified)
    {
        var (path, entry) = Resolve(name, PathUse.SymlinkAllowed);
        if (entry is null)
        {
            throw new FsException(FsErrorKind.NotFound, name, "set modification time failed: no such file or directory");
        }

        if (_native)
        {
            Check(LinuxNative.SetTimesNoFollow(path, modified.Seconds, modified.Nanoseconds), name, "set modification time");
            return;
        }

        if (entry.IsSymlink)
        {
            throw new FsException(FsErrorKind.NotSupported, name, "set modification time of a symlink is not supported here");
        }

        var instant = modified.ToDateTimeOffset().UtcDateTime;
        Managed(name, "set modification time", () =>
        {
            File.SetLastWriteTimeUtc(path, instant);
            File.SetLastAccessTimeUtc(path, instant);
        });
    }

    public void SetPermissions(string name, uint permissions)
    {
        var (path, entry) = Resolve(name, PathUse.FinalFollowed);
        if (entry is null)
        {
            throw new FsException(FsErrorKind.NotFound, name, "set permissions failed: no such file or directory");
        }

        if (_native)
        {
            Check(LinuxNative.Chmod(path, permissions & 0xFFF), name, "set permissions");
            return;
        }

        Managed(name, "set permissions", () =>
        {
            if (OperatingSystem.IsWindows())
            {
                var attributes = File.GetAttributes(path);
                var readOnly = (permissions & 0x80) == 0;
                File.SetAttributes(path, readOnly ? attributes | FileAttributes.ReadOnly : attributes & ~FileAttributes.ReadOnly);
            }
            else
            {
                File.SetUnixFileMode(path, (UnixFileMode)(permissions & 0xFFF));
            }
        });
    }

    public FileEntry StatOpenFile(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var handle = NativeHandle(stream);
        if (handle is null)
        {
            return Lstat(name);
        }

        Check(LinuxNative.Fstat(handle, out var raw), name, "fstat");
        return ToEntry(raw, name);
    }

    public void SetOpenFileAttributes(Stream stream, string name, uint? permissions, FileTimestamp modified)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var handle = NativeHandle(stream);
        if (handle is null)
        {
            if (permissions is { } bits)
            {
                SetPermissions(name, bits);
            }

            SetModified(name, modified);
            return;
        }

        if (permissions is { } mode)
        {
            Check(LinuxNative.ChmodDescriptor(handle, mode & 0xFFF), name, "set permissions");
        }

        Check(LinuxNative.SetTimesOnDescriptor(handle, modified.Seconds, modified.Nanoseconds), name, "set modification time");
    }

    /// <summary>The descriptor behind a stream this file system opened, when native calls may use it.</summary>
    private SafeFileHandle? NativeHandle(Stream stream) => !_native ? null : stream switch
    {
        WritebackStream writable => writable.Handle,
        FileStream file => file.SafeFileHandle,
        _ => null,
    };

    public void SyncFile(string name)
    {
        var (path, entry) = Resolve(name, PathUse.FinalFollowed);
        RequireKind(entry, name, FileEntryKind.File, "fsync");
        if (_native)
        {
            Check(LinuxNative.Fsync(path, directory: false), name, "fsync");
            return;
        }

        Managed(name, "fsync", () =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
            stream.Flush(flushToDisk: true);
        });
    }

    /// <summary>From this many files on, <see cref="SyncFiles"/> flushes the whole volume with one syncfs.</summary>
    internal const int SyncVolumeFrom = 4;

    public void SyncFiles(IReadOnlyList<string> names) => SyncMany(names, SyncFile);

    public void SyncDirectories(IReadOnlyList<string> names) => SyncMany(names, SyncDirectory);

    /// <summary>One syncfs of the volume for many names on Linux; otherwise <paramref name="one"/> for each.</summary>
    private void SyncMany(IReadOnlyList<string> names, Action<string> one)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (!_native || names.Count < SyncVolumeFrom)
        {
            foreach (var name in names)
            {
                one(name);
            }

            return;
        }

        Check(LinuxNative.SyncFileSystem(_root), PathNames.Root, "syncfs");
    }

    public void SyncDirectory(string name)
    {
        var (path, entry) = Resolve(name, PathUse.RootAllowed);
        RequireKind(entry, name, FileEntryKind.Directory, "fsync directory");
        if (_native)
        {
            Check(LinuxNative.Fsync(path, directory: true, followFinal: name.Length == 0), name, "fsync directory");
        }

        // Elsewhere there is no managed way to open a directory; Windows has no directory fsync at all.
    }

    public long? GetAvailableSpace()
    {
        try
        {
            return new DriveInfo(_root).AvailableFreeSpace;
        }
        catch (Exception exception) when (FsErrors.IsIoFailure(exception) || exception is ArgumentException)
        {
            return null;
        }
    }

    private static void Check(int errno, string name, string operation)
    {
        if (errno != 0)
        {
            throw FsErrors.FromErrno(errno, name, operation);
        }
    }

    private static void Managed(string name, string operation, Action action)
    {
        try
        {
            action();
        }
        catch (Exception exception) when (FsErrors.IsIoFailure(exception))
        {
            throw FsErrors.FromException(exception, name, operation);
        }
    }

    private static void RequireKind(FileEntry? entry, string name, FileEntryKind kind, string operation)
    {
        if (entry is null)
        {
            throw new FsException(FsErrorKind.NotFound, name, $"{operation} failed: no such file or directory");
        }

        if (entry.Kind == kind)
        {
            return;
        }

        var error = kind == FileEntryKind.Directory ? FsErrorKind.NotADirectory
            : entry.IsDirectory ? FsErrorKind.IsADirectory
            : FsErrorKind.NotSupported;
        throw new FsException(error, name, $"{operation} failed: is a {entry.Kind.ToString().ToLowerInvariant()}, not a {kind.ToString().ToLowerInvariant()}");
    }

    private void RequireParentDirectory(string name, string path, string operation)
    {
        var parent = Path.GetDirectoryName(path);
        var parentEntry = parent is null ? null : LstatPath(parent, PathNames.Parent(name));
        if (parentEntry is null)
        {
            throw new FsException(FsErrorKind.NotFound, name, $"{operation} failed: parent directory does not exist");
        }

        if (!parentEntry.IsDirectory)
        {
            throw new FsException(FsErrorKind.NotADirectory, name, $"{operation} failed: parent is not a directory");
        }
    }

    /// <summary>On Linux, large writes start their write-out early (see <see cref="WritebackStream"/>).</summary>
    private Stream Writable(FileStream stream) => _native ? new WritebackStream(stream) : stream;

    private static FileStream OpenStream(string path, string name, FileMode mode, FileAccess access, uint? createMode, string operation)
    {
        var options = new FileStreamOptions
        {
            Mode = mode,
            Access = access,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0,
        };
        if (createMode is { } bits && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = (UnixFileMode)bits;
        }

        try
        {
            return new FileStream(path, options);
        }
        catch (Exception exception) when (FsErrors.IsIoFailure(exception))
        {
            throw FsErrors.FromException(exception, name, operation);
        }
    }
}
