using System.Runtime.InteropServices;

namespace Syncthing.Daemon;

/// <summary>
/// An exclusive lock on <c>home/syncthingd.lock</c>, held by <c>serve</c> for its lifetime and by an offline
/// <c>bundle</c> command while it works on the home's index, so the two never open the index at the same time. The
/// operating system releases it when the process ends, even on a crash. On Windows the share mode is the lock; on
/// Unix an explicit <c>flock</c>, because the daemon turns off .NET's implicit flock on every file it opens
/// (<c>System.IO.DisableFileLocking</c> in Syncthing.Daemon.csproj).
/// </summary>
internal sealed partial class HomeLock : IDisposable
{
    public const string FileName = "syncthingd.lock";

    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;

    private readonly FileStream _stream;

    private HomeLock(FileStream stream) => _stream = stream;

    /// <summary>The lock, or null when another process (or another holder in this one) has it.</summary>
    public static HomeLock? TryAcquire(string home)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(Path.Combine(home, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }

        // flock locks the open file description, so a second holder in this process conflicts as another process does.
        if (!OperatingSystem.IsWindows() && Flock((int)stream.SafeFileHandle.DangerousGetHandle(), LockExclusive | LockNonBlocking) != 0)
        {
            stream.Dispose();
            return null;
        }

        return new HomeLock(stream);
    }

    public void Dispose() => _stream.Dispose();

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);
}
