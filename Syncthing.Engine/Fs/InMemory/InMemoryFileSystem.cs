namespace Syncthing.Engine.Fs.InMemory;

/// <summary>
/// A deterministic, case-sensitive <see cref="IFileSystem"/> held in memory, behaving like a POSIX disk for
/// everything the engine relies on: files, directories, symlinks (never followed), Unix permission bits (no umask),
/// nanosecond mtimes, inode numbers (1 for the root, then 2, 3, … in creation order; kept across renames), rename
/// with atomic replace, and directory mtimes that change when entries are added or removed. New items get their
/// mtime from the injected <see cref="TimeProvider"/>. Each instance is independent; all members are thread-safe.
/// </summary>
public sealed partial class InMemoryFileSystem : IFileSystem
{
    /// <summary>The device number every entry reports.</summary>
    public const ulong DeviceNumber = 1;

    private readonly TimeProvider _time;
    private readonly InMemoryNode _root;
    private readonly List<string> _journal = [];
    private ulong _nextInode = 2;

    public InMemoryFileSystem()
        : this(TimeProvider.System)
    {
    }

    public InMemoryFileSystem(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
        _root = new InMemoryNode(FileEntryKind.Directory, 1, 0x1ED, Now());
    }

    public string Description => "memory:";

    /// <summary>
    /// Test hook, called with the name and the position before every read from a stream of this file system,
    /// outside its lock, so the callback may modify the file (for example while it is being hashed).
    /// </summary>
    public Action<string, long>? BeforeRead { get; set; }

    /// <summary>Test hook, called with the names before every <see cref="SyncFiles"/>, outside the lock (may block or throw).</summary>
    public Action<IReadOnlyList<string>>? BeforeSyncFiles { get; set; }

    /// <summary>What <see cref="GetAvailableSpace"/> reports; null (unknown) by default.</summary>
    public long? AvailableSpace { get; set; }

    /// <summary>
    /// The mutations and flushes performed, in order, one line each ("create a", "rename a -> b", "fsync a",
    /// "fsync-dir " for the root, …), so tests can check that a write was made durable in the right order.
    /// </summary>
    public IReadOnlyList<string> Journal
    {
        get
        {
            lock (Gate)
            {
                return [.. _journal];
            }
        }
    }

    internal object Gate { get; } = new();

    internal FileTimestamp Now() => FileTimestamp.FromDateTimeOffset(_time.GetUtcNow());

    public FileEntry Lstat(string name) =>
        TryLstat(name) ?? throw new FsException(FsErrorKind.NotFound, name, "lstat failed: no such file or directory");

    public FileEntry StatOpenFile(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream is not InMemoryFileStream open)
        {
            return Lstat(name);
        }

        lock (Gate)
        {
            return open.Node.ToEntry(name, DeviceNumber);
        }
    }

    public void SetOpenFileAttributes(Stream stream, string name, uint? permissions, FileTimestamp modified)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream is not InMemoryFileStream open)
        {
            if (permissions is { } bits)
            {
                SetPermissions(name, bits);
            }

            SetModified(name, modified);
            return;
        }

        lock (Gate)
        {
            if (permissions is { } mode)
            {
                open.Node.Permissions = mode & 0xFFF;
                _journal.Add($"chmod {name}");
            }

            open.Node.Modified = modified;
            _journal.Add($"mtime {name}");
        }
    }

    public FileEntry? TryLstat(string name)
    {
        lock (Gate)
        {
            return Locate(name, PathUse.RootOrSymlinkAllowed).Entry?.ToEntry(name, DeviceNumber);
        }
    }

    public bool Exists(string name) => TryLstat(name) is not null;

    public IReadOnlyList<FileEntry> ListDirectory(string name)
    {
        lock (Gate)
        {
            var node = Require(Locate(name, PathUse.RootAllowed), name, "list directory", FileEntryKind.Directory);
            return [.. node.Children!.Select(child => child.Value.ToEntry(PathNames.Join(name, child.Key), DeviceNumber))];
        }
    }

    public Stream OpenRead(string name)
    {
        lock (Gate)
        {
            var node = Require(Locate(name, PathUse.FinalFollowed), name, "open for reading", FileEntryKind.File);
            return new InMemoryFileStream(this, node, name, writable: false);
        }
    }

    public Stream CreateNew(string name, uint permissions)
    {
        lock (Gate)
        {
            var location = Locate(name, PathUse.FinalFollowed);
            var node = AddNode(location, name, FileEntryKind.File, permissions & 0x1FF, "create");
            return new InMemoryFileStream(this, node, name, writable: true);
        }
    }

    public Stream OpenWrite(string name)
    {
        lock (Gate)
        {
            var node = Require(Locate(name, PathUse.FinalFollowed), name, "open for writing", FileEntryKind.File);
            return new InMemoryFileStream(this, node, name, writable: true);
        }
    }

    public void Rename(string from, string to)
    {
        lock (Gate)
        {
            var source = Locate(from, PathUse.SymlinkAllowed);
            var target = Locate(to, PathUse.SymlinkAllowed);
            var moving = source.Entry ?? throw Missing(from, "rename", source);
            var targetParent = target.Parent ?? throw Missing(to, "rename", target);
            if (target.Entry is { } existing)
            {
                if (ReferenceEquals(existing, moving))
                {
                    return;
                }

                CheckReplace(moving, existing, to);
            }

            if (moving.IsDirectory && moving.Contains(targetParent))
            {
                throw new FsException(FsErrorKind.InvalidName, from, $"rename to \"{to}\" failed: cannot move a directory into itself");
            }

            source.Parent!.Children!.Remove(source.Leaf);
            targetParent.Children![target.Leaf] = moving;
            var now = Now();
            source.Parent.Modified = now;
            targetParent.Modified = now;
            _journal.Add($"rename {from} -> {to}");
        }
    }

    public void Remove(string name)
    {
        lock (Gate)
        {
            var location = Locate(name, PathUse.SymlinkAllowed);
            var node = location.Entry ?? throw Missing(name, "remove", location);
            if (node.IsDirectory && node.Children!.Count > 0)
            {
                throw new FsException(FsErrorKind.DirectoryNotEmpty, name, "remove failed: directory not empty");
            }

            location.Parent!.Children!.Remove(location.Leaf);
            location.Parent.Modified = Now();
            _journal.Add($"remove {name}");
        }
    }

    public void CreateDirectory(string name, uint permissions)
    {
        lock (Gate)
        {
            AddNode(Locate(name, PathUse.SymlinkAllowed), name, FileEntryKind.Directory, permissions & 0x1FF, "create directory");
        }
    }

    public void CreateSymlink(string name, string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        lock (Gate)
        {
            var node = AddNode(Locate(name, PathUse.SymlinkAllowed), name, FileEntryKind.Symlink, 0x1FF, "create symlink");
            node.Target = target;
        }
    }

    public string ReadSymlink(string name)
    {
        lock (Gate)
        {
            return Require(Locate(name, PathUse.SymlinkAllowed), name, "read symlink", FileEntryKind.Symlink).Target!;
        }
    }

    public void SetModified(string name, FileTimestamp modified)
    {
        lock (Gate)
        {
            var location = Locate(name, PathUse.SymlinkAllowed);
            (location.Entry ?? throw Missing(name, "set modification time", location)).Modified = modified;
            _journal.Add($"mtime {name}");
        }
    }

    public void SetPermissions(string name, uint permissions)
    {
        lock (Gate)
        {
            var location = Locate(name, PathUse.FinalFollowed);
            (location.Entry ?? throw Missing(name, "set permissions", location)).Permissions = permissions & 0xFFF;
            _journal.Add($"chmod {name}");
        }
    }

    public void SyncFile(string name)
    {
        lock (Gate)
        {
            Require(Locate(name, PathUse.FinalFollowed), name, "fsync", FileEntryKind.File);
            _journal.Add($"fsync {name}");
        }
    }

    public void SyncFiles(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        BeforeSyncFiles?.Invoke(names);
        lock (Gate)
        {
            foreach (var name in names)
            {
                Require(Locate(name, PathUse.FinalFollowed), name, "fsync", FileEntryKind.File);
            }

            _journal.Add($"fsync-group {string.Join(' ', names)}");
        }
    }

    public void SyncDirectories(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        lock (Gate)
        {
            foreach (var name in names)
            {
                Require(Locate(name, PathUse.RootAllowed), name, "fsync directory", FileEntryKind.Directory);
            }

            _journal.Add($"fsync-dirs {string.Join(' ', names)}");
        }
    }

    public void SyncDirectory(string name)
    {
        lock (Gate)
        {
            Require(Locate(name, PathUse.RootAllowed), name, "fsync directory", FileEntryKind.Directory);
            _journal.Add($"fsync-dir {name}");
        }
    }

    public long? GetAvailableSpace() => AvailableSpace;

    /// <summary>Replaces the whole content of an existing file (a test convenience; updates the mtime).</summary>
    public void ReplaceContent(string name, ReadOnlySpan<byte> content)
    {
        lock (Gate)
        {
            var node = Require(Locate(name, PathUse.FinalFollowed), name, "write", FileEntryKind.File);
            node.Data = content.ToArray();
            node.Length = content.Length;
            node.Modified = Now();
        }
    }
}
