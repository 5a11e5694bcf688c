namespace Syncthing.Engine.Fs.InMemory;

/// <summary>One inode of an <see cref="InMemoryFileSystem"/>. Guarded by the owning file system's lock.</summary>
internal sealed class InMemoryNode
{
    public InMemoryNode(FileEntryKind kind, ulong inode, uint permissions, FileTimestamp modified)
    {
        Kind = kind;
        Inode = inode;
        Permissions = permissions;
        Modified = modified;
        Children = kind == FileEntryKind.Directory ? new SortedDictionary<string, InMemoryNode>(StringComparer.Ordinal) : null;
    }

    public FileEntryKind Kind { get; }

    public ulong Inode { get; }

    public uint Permissions { get; set; }

    public FileTimestamp Modified { get; set; }

    /// <summary>File content; only the first <see cref="Length"/> bytes are meaningful.</summary>
    public byte[] Data { get; set; } = [];

    public long Length { get; set; }

    /// <summary>Entries of a directory, ordinal order; null for other kinds.</summary>
    public SortedDictionary<string, InMemoryNode>? Children { get; }

    public string? Target { get; set; }

    public bool IsDirectory => Kind == FileEntryKind.Directory;

    public FileEntry ToEntry(string name, ulong device) =>
        new(name, Kind, Kind == FileEntryKind.File ? Length : 0, Modified, Permissions, Inode, device);

    /// <summary>True when <paramref name="other"/> is this node or lies below it.</summary>
    public bool Contains(InMemoryNode other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return Children is not null && Children.Values.Any(child => child.Contains(other));
    }
}
