namespace Syncthing.Engine.Fs;

/// <summary>
/// The result of an lstat: never describes a symlink's target. <see cref="Size"/> is the byte count of regular
/// files and 0 for everything else (directories and symlinks are announced with size 0, brief §3.4).
/// <see cref="Permissions"/> holds the Unix mode bits (<c>mode &amp; 07777</c>). <see cref="Inode"/> and
/// <see cref="Device"/> are null where the platform does not expose them.
/// </summary>
public sealed record FileEntry(
    string Name,
    FileEntryKind Kind,
    long Size,
    FileTimestamp Modified,
    uint Permissions,
    ulong? Inode,
    ulong? Device)
{
    public bool IsFile => Kind == FileEntryKind.File;

    public bool IsDirectory => Kind == FileEntryKind.Directory;

    public bool IsSymlink => Kind == FileEntryKind.Symlink;
}
