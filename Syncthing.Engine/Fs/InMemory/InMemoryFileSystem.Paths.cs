namespace Syncthing.Engine.Fs.InMemory;

public sealed partial class InMemoryFileSystem
{
    /// <summary>
    /// Where a name points: its parent directory (null when a parent is missing or not a directory, with
    /// <see cref="ParentProblem"/> saying which), the last component and the node there (null when absent).
    /// </summary>
    private readonly record struct Location(InMemoryNode? Parent, string Leaf, InMemoryNode? Entry, FsErrorKind ParentProblem);

    /// <summary>
    /// Validates and walks a name under the lock with the same rules as the disk implementation: parents must not
    /// be symlinks, and a final symlink is refused where <paramref name="use"/> says the operation would follow it.
    /// </summary>
    private Location Locate(string name, PathUse use)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            if (use is PathUse.SymlinkAllowed or PathUse.FinalFollowed)
            {
                throw new FsException(FsErrorKind.InvalidName, name, "the folder root is not a valid name for this operation");
            }

            return new Location(null, PathNames.Root, _root, FsErrorKind.InvalidName);
        }

        var reason = PathNames.ValidateWireName(name);
        if (reason is not null)
        {
            throw new FsException(FsErrorKind.InvalidName, name, reason);
        }

        var components = name.Split('/');
        var directory = _root;
        for (var i = 0; i < components.Length - 1; i++)
        {
            if (!directory.Children!.TryGetValue(components[i], out var next))
            {
                return new Location(null, components[^1], null, FsErrorKind.NotFound);
            }

            if (next.Kind == FileEntryKind.Symlink)
            {
                var parentName = string.Join('/', components, 0, i + 1);
                throw new FsException(FsErrorKind.TraversesSymlink, name, $"parent \"{parentName}\" is a symlink; refusing to traverse it");
            }

            if (!next.IsDirectory)
            {
                return new Location(null, components[^1], null, FsErrorKind.NotADirectory);
            }

            directory = next;
        }

        directory.Children!.TryGetValue(components[^1], out var entry);
        if (entry is { Kind: FileEntryKind.Symlink } && use is PathUse.RootAllowed or PathUse.FinalFollowed)
        {
            throw new FsException(FsErrorKind.TraversesSymlink, name, "is a symlink; refusing to follow it");
        }

        return new Location(directory, components[^1], entry, FsErrorKind.NotFound);
    }

    private static InMemoryNode Require(Location location, string name, string operation, FileEntryKind kind)
    {
        var node = location.Entry ?? throw Missing(name, operation, location);
        if (node.Kind == kind)
        {
            return node;
        }

        var error = kind == FileEntryKind.Directory ? FsErrorKind.NotADirectory
            : node.IsDirectory ? FsErrorKind.IsADirectory
            : FsErrorKind.NotSupported;
        throw new FsException(error, name, $"{operation} failed: is a {node.Kind.ToString().ToLowerInvariant()}, not a {kind.ToString().ToLowerInvariant()}");
    }

    private static FsException Missing(string name, string operation, Location location) =>
        location.Parent is null && location.ParentProblem == FsErrorKind.NotADirectory
            ? new FsException(FsErrorKind.NotADirectory, name, $"{operation} failed: not a directory")
            : new FsException(FsErrorKind.NotFound, name, $"{operation} failed: no such file or directory");

    private InMemoryNode AddNode(Location location, string name, FileEntryKind kind, uint permissions, string operation)
    {
        var parent = location.Parent ?? throw Missing(name, operation, location);
        if (location.Entry is not null)
        {
            throw new FsException(FsErrorKind.AlreadyExists, name, $"{operation} failed: already exists");
        }

        var now = Now();
        var node = new InMemoryNode(kind, _nextInode++, permissions, now);
        parent.Children![location.Leaf] = node;
        parent.Modified = now;
        _journal.Add($"{operation} {name}");
        return node;
    }

    /// <summary>rename(2)'s rules for replacing an existing target.</summary>
    private static void CheckReplace(InMemoryNode moving, InMemoryNode existing, string to)
    {
        if (moving.IsDirectory && !existing.IsDirectory)
        {
            throw new FsException(FsErrorKind.NotADirectory, to, "rename failed: target is not a directory");
        }

        if (!moving.IsDirectory && existing.IsDirectory)
        {
            throw new FsException(FsErrorKind.IsADirectory, to, "rename failed: target is a directory");
        }

        if (existing.IsDirectory && existing.Children!.Count > 0)
        {
            throw new FsException(FsErrorKind.DirectoryNotEmpty, to, "rename failed: target directory not empty");
        }
    }
}
