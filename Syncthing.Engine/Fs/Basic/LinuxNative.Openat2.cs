using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Syncthing.Engine.Fs.Basic;

/// <summary>
/// openat2(2) with RESOLVE_NO_SYMLINKS (Linux 5.6+): the kernel walks the whole path in the same call as the open
/// and fails with ELOOP at any symlink, the final component included — the check <see cref="BasicFileSystem"/> does
/// otherwise with one lstat per component before the open, without the window between the two. glibc has no wrapper,
/// so it goes through syscall(2); the number, 437, is the same on x64 and arm64, as are the O_ flags used here.
/// </summary>
internal static partial class LinuxNative
{
    private const long SysOpenat2 = 437;
    private const ulong ResolveNoSymlinks = 0x04;
    private const int ORdWr = 0x2;
    private const int OCreat = 0x40;
    private const int OExcl = 0x80;
    private const int ONonBlock = 0x800;
    private const int FGetFl = 3;
    private const int FSetFl = 4;

    /// <summary>Flags for opening an existing file to read: never blocks on a FIFO (the caller checks the type).</summary>
    public const int OpenForReading = ORdOnly | OCloExec | ONonBlock;

    /// <summary>Flags for creating a new file to write and read back; fails with EEXIST on anything already there.</summary>
    public const int CreateExclusive = ORdWr | OCloExec | OCreat | OExcl;

    /// <summary>
    /// Opens <paramref name="path"/> (absolute) refusing every symlink on the way; the open descriptor, or the errno
    /// (ENOSYS or EPERM where the kernel or a sandbox does not offer openat2). <paramref name="mode"/> only with
    /// <see cref="CreateExclusive"/>.
    /// </summary>
    public static (SafeFileHandle? File, int Errno) OpenNoSymlinks(string path, int flags, uint mode)
    {
        var how = new OpenHow { Flags = (ulong)flags, Mode = (flags & OCreat) != 0 ? mode : 0, Resolve = ResolveNoSymlinks };
        long fd;
        unsafe
        {
            fd = Openat2(SysOpenat2, AtFdCwd, path, &how, (nuint)sizeof(OpenHow));
        }

        return fd < 0 ? (null, Marshal.GetLastPInvokeError()) : (new SafeFileHandle((nint)fd, ownsHandle: true), 0);
    }

    /// <summary>Clears O_NONBLOCK (set by <see cref="OpenForReading"/>) once the file is known to be regular; 0 or an errno.</summary>
    public static int MakeBlocking(SafeHandle file) =>
        WithDescriptor(file, fd =>
        {
            var flags = Fcntl(fd, FGetFl, 0);
            return flags < 0 || Fcntl(fd, FSetFl, flags & ~ONonBlock) < 0 ? Marshal.GetLastPInvokeError() : 0;
        });

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial long Openat2(long number, int dirfd, string path, OpenHow* how, nuint size);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);
}
