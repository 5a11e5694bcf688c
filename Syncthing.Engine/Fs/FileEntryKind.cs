namespace Syncthing.Engine.Fs;

/// <summary>What an <see cref="IFileSystem.Lstat"/> found. Symlinks are never followed.</summary>
public enum FileEntryKind
{
    File,
    Directory,
    Symlink,

    /// <summary>A socket, FIFO or device node: never synced (Syncthing skips them too).</summary>
    Other,
}
