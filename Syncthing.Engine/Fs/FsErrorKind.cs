namespace Syncthing.Engine.Fs;

/// <summary>Why an <see cref="IFileSystem"/> operation failed.</summary>
public enum FsErrorKind
{
    /// <summary>The name breaks the canonical-name rules (see the message for which).</summary>
    InvalidName,

    /// <summary>A parent component is a symlink (or the final one where a symlink may not be followed).</summary>
    TraversesSymlink,

    NotFound,
    AlreadyExists,
    NotADirectory,
    IsADirectory,
    DirectoryNotEmpty,

    /// <summary>The item on disk spells the name with different upper/lower case (brief §6.5).</summary>
    CaseConflict,

    PermissionDenied,
    NoSpace,

    /// <summary>Any other I/O failure; may succeed on retry.</summary>
    Io,

    /// <summary>The operation is not supported by this file system or platform.</summary>
    NotSupported,
}
