using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Syncthing.Engine.Fs.Basic;

/// <summary>
/// The few libc calls the managed APIs cannot do: lstat with nanosecond mtime, inode and device (statx), set mtime
/// with nanoseconds without following a symlink (utimensat), and fsync of a directory. Linux on x64 and arm64
/// only (glibc 2.28+ for statx); everywhere else <see cref="IsSupported"/> is false and callers use managed APIs.
/// <para>
/// struct statx is the same on every Linux architecture (linux/stat.h); offsets were checked with offsetof on
/// x64 glibc 2.36: size 256, stx_mode @28 (u16), stx_ino @32, stx_size @40, stx_mtime @112 (s64 sec, u32 nsec),
/// stx_dev_major @136, stx_dev_minor @140. struct timespec is two 64-bit longs on both 64-bit targets.
/// The buffer is read by offset, so no managed struct layout has to match.
/// </para>
/// </summary>
internal static partial class LinuxNative
{
    public const int StatxBufferSize = 256;

    public const int ENOENT = 2;
    public const int EPERM = 1;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENOSPC = 28;
    public const int EROFS = 30;
    public const int ENAMETOOLONG = 36;
    public const int ENOSYS = 38;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;

    public const uint SIfmt = 0xF000;
    public const uint SIfreg = 0x8000;
    public const uint SIfdir = 0x4000;
    public const uint SIflnk = 0xA000;

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7FF;
    private const int ORdOnly = 0;
    private const int OCloExec = 0x80000;

    public static bool IsSupported { get; } =
        OperatingSystem.IsLinux() &&
        RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    // O_DIRECTORY and O_NOFOLLOW differ between x64 (asm-generic) and arm64.
    private static int ODirectory => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000;

    private static int ONoFollow => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;

    /// <summary>The raw fields of a statx call (never following a final symlink).</summary>
    public readonly record struct StatxResult(uint Mode, ulong Inode, long Size, long MtimeSeconds, uint MtimeNanos, ulong Device);

    /// <summary>lstat (or stat when <paramref name="followFinal"/>) through statx; returns 0 or an errno.</summary>
    public static int Lstat(string path, out StatxResult result, bool followFinal = false) =>
        StatxCall(AtFdCwd, path, followFinal ? 0 : AtSymlinkNoFollow, out result);

    /// <summary>fstat of an open descriptor through statx (AT_EMPTY_PATH): no path lookup; returns 0 or an errno.</summary>
    public static int Fstat(SafeHandle file, out StatxResult result)
    {
        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            return StatxCall((int)file.DangerousGetHandle(), "", AtEmptyPath, out result);
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    private static int StatxCall(int dirfd, string path, int flags, out StatxResult result)
    {
        Span<byte> buffer = stackalloc byte[StatxBufferSize];
        buffer.Clear();
        int rc;
        unsafe
        {
            fixed (byte* p = buffer)
            {
                rc = Statx(dirfd, path, flags, StatxBasicStats, p);
            }
        }

        if (rc != 0)
        {
            result = default;
            return Marshal.GetLastPInvokeError();
        }

        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        var inode = BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]);
        var size = BinaryPrimitives.ReadInt64LittleEndian(buffer[40..]);
        var mtimeSeconds = BinaryPrimitives.ReadInt64LittleEndian(buffer[112..]);
        var mtimeNanos = BinaryPrimitives.ReadUInt32LittleEndian(buffer[120..]);
        var devMajor = BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]);
        var devMinor = BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..]);
        result = new StatxResult(mode, inode, size, mtimeSeconds, mtimeNanos, MakeDev(devMajor, devMinor));
        return 0;
    }

    /// <summary>glibc's makedev, so <see cref="StatxResult.Device"/> equals st_dev (what <c>stat -c %d</c> prints).</summary>
    public static ulong MakeDev(uint major, uint minor) =>
        ((ulong)(major & 0xFFFFF000u) << 32) | ((ulong)(major & 0xFFFu) << 8) |
        ((ulong)(minor & 0xFFFFFF00u) << 12) | (minor & 0xFFu);

    /// <summary>Sets atime and mtime to the same instant, not following a final symlink; 0 or an errno.</summary>
    public static int SetTimesNoFollow(string path, long seconds, long nanoseconds)
    {
        Span<long> times = [seconds, nanoseconds, seconds, nanoseconds];
        unsafe
        {
            fixed (long* p = times)
            {
                return Utimensat(AtFdCwd, path, p, AtSymlinkNoFollow) == 0 ? 0 : Marshal.GetLastPInvokeError();
            }
        }
    }

    /// <summary>futimens: atime and mtime of an open file to the same instant; 0 or an errno.</summary>
    public static int SetTimesOnDescriptor(SafeHandle file, long seconds, long nanoseconds) =>
        WithDescriptor(file, fd =>
        {
            Span<long> times = [seconds, nanoseconds, seconds, nanoseconds];
            unsafe
            {
                fixed (long* p = times)
                {
                    return Futimens(fd, p) == 0 ? 0 : Marshal.GetLastPInvokeError();
                }
            }
        });

    /// <summary>fchmod of an open file; 0 or an errno.</summary>
    public static int ChmodDescriptor(SafeHandle file, uint mode) =>
        WithDescriptor(file, fd => FchmodCore(fd, mode) == 0 ? 0 : Marshal.GetLastPInvokeError());

    /// <summary>Runs <paramref name="call"/> on the descriptor of <paramref name="file"/>, kept open meanwhile.</summary>
    private static int WithDescriptor(SafeHandle file, Func<int, int> call)
    {
        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            return call((int)file.DangerousGetHandle());
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    /// <summary>open + fsync + close of a file or directory (O_NOFOLLOW unless <paramref name="followFinal"/>); 0 or an errno.</summary>
    public static int Fsync(string path, bool directory, bool followFinal = false)
    {
        var flags = ORdOnly | OCloExec | (followFinal ? 0 : ONoFollow) | (directory ? ODirectory : 0);
        return OnDescriptor(path, flags, FsyncFd);
    }

    /// <summary>
    /// syncfs(2) on the file system holding <paramref name="directory"/>: every dirty file's data and metadata there
    /// reach stable storage with one device flush. Since Linux 5.8 it reports write-back errors of that file system
    /// (as fsync does for one file), including ones nobody has seen yet when the descriptor is opened.
    /// </summary>
    public static int SyncFileSystem(string directory) => OnDescriptor(directory, ORdOnly | OCloExec | ODirectory, SyncfsFd);

    /// <summary>open, <paramref name="call"/> on the descriptor, close; 0 or the errno of whichever failed first.</summary>
    private static int OnDescriptor(string path, int flags, Func<int, int> call)
    {
        var fd = Open(path, flags);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        var rc = call(fd) == 0 ? 0 : Marshal.GetLastPInvokeError();
        _ = Close(fd);
        return rc;
    }

    /// <summary>
    /// sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE): starts write-out of the file's dirty pages without waiting
    /// for it. Durability still needs fsync; this only lets the device work while more data is being written.
    /// </summary>
    public static int StartWriteback(SafeHandle file) =>
        WithDescriptor(file, fd => SyncFileRange(fd, 0, 0, SyncFileRangeWrite) == 0 ? 0 : Marshal.GetLastPInvokeError());

    public static int Rename(string from, string to) => RenameCore(from, to) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public static int Unlink(string path) => UnlinkCore(path) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public static int Rmdir(string path) => RmdirCore(path) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public static int Mkdir(string path, uint mode) => MkdirCore(path, mode) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public static int Chmod(string path, uint mode) => ChmodCore(path, mode) == 0 ? 0 : Marshal.GetLastPInvokeError();

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Utimensat(int dirfd, string path, long* times, int flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncFd(int fd);

    private const uint SyncFileRangeWrite = 2;

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(int fd, long offset, long count, uint flags);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncfsFd(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameCore(string from, string to);

    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnlinkCore(string path);

    [LibraryImport("libc", EntryPoint = "rmdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RmdirCore(string path);

    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkdirCore(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "futimens", SetLastError = true)]
    private static unsafe partial int Futimens(int fd, long* times);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    private static partial int FchmodCore(int fd, uint mode);

    [LibraryImport("libc", EntryPoint = "chmod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChmodCore(string path, uint mode);
}
