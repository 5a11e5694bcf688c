namespace Syncthing.Engine.Fs.Basic;

/// <summary>Turns errno values and BCL I/O exceptions into <see cref="FsException"/>s carrying the canonical name.</summary>
internal static class FsErrors
{
    public static FsException FromErrno(int errno, string name, string operation)
    {
        var kind = errno switch
        {
            LinuxNative.ENOENT => FsErrorKind.NotFound,
            LinuxNative.EEXIST => FsErrorKind.AlreadyExists,
            LinuxNative.ENOTDIR => FsErrorKind.NotADirectory,
            LinuxNative.EISDIR => FsErrorKind.IsADirectory,
            LinuxNative.ENOTEMPTY => FsErrorKind.DirectoryNotEmpty,
            LinuxNative.EACCES or LinuxNative.EPERM or LinuxNative.EROFS => FsErrorKind.PermissionDenied,
            LinuxNative.ENOSPC => FsErrorKind.NoSpace,
            LinuxNative.ELOOP => FsErrorKind.TraversesSymlink,
            LinuxNative.ENOSYS => FsErrorKind.NotSupported,
            LinuxNative.ENAMETOOLONG or LinuxNative.EINVAL => FsErrorKind.InvalidName,
            _ => FsErrorKind.Io,
        };
        return new FsException(kind, name, $"{operation} failed: {Describe(errno)} (errno {errno})");
    }

    public static FsException FromException(Exception exception, string name, string operation)
    {
        var kind = exception switch
        {
            FileNotFoundException or DirectoryNotFoundException => FsErrorKind.NotFound,
            UnauthorizedAccessException => FsErrorKind.PermissionDenied,
            PathTooLongException => FsErrorKind.InvalidName,
            PlatformNotSupportedException or NotSupportedException => FsErrorKind.NotSupported,
            IOException io when !OperatingSystem.IsWindows() && io.HResult is > 0 and < 4096 =>
                FromErrno(io.HResult, name, operation).Kind,
            IOException io when OperatingSystem.IsWindows() && (io.HResult & 0xFFFF) is 80 or 183 => FsErrorKind.AlreadyExists,
            IOException io when OperatingSystem.IsWindows() && (io.HResult & 0xFFFF) is 145 => FsErrorKind.DirectoryNotEmpty,
            IOException io when OperatingSystem.IsWindows() && (io.HResult & 0xFFFF) is 112 => FsErrorKind.NoSpace,
            _ => FsErrorKind.Io,
        };
        return new FsException(kind, name, $"{operation} failed: {exception.Message}", exception);
    }

    /// <summary>True for the BCL exceptions file operations throw, which <see cref="FromException"/> maps.</summary>
    public static bool IsIoFailure(Exception exception) =>
        exception is IOException or UnauthorizedAccessException or NotSupportedException;

    private static string Describe(int errno) => errno switch
    {
        LinuxNative.ENOENT => "no such file or directory",
        LinuxNative.EEXIST => "already exists",
        LinuxNative.ENOTDIR => "not a directory",
        LinuxNative.EISDIR => "is a directory",
        LinuxNative.ENOTEMPTY => "directory not empty",
        LinuxNative.EACCES or LinuxNative.EPERM => "permission denied",
        LinuxNative.EROFS => "read-only file system",
        LinuxNative.ENOSPC => "no space left on device",
        LinuxNative.ELOOP => "too many levels of symbolic links",
        LinuxNative.EXDEV => "cross-device link",
        LinuxNative.EINVAL => "invalid argument",
        LinuxNative.ENAMETOOLONG => "file name too long",
        LinuxNative.ENOSYS => "not implemented by the kernel",
        _ => "I/O error",
    };
}
