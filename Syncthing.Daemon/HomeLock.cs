namespace Syncthing.Daemon;

/// <summary>
/// An exclusive lock on <c>home/syncthingd.lock</c>, held by <c>serve</c> for its lifetime and by an offline
/// <c>bundle</c> command while it works on the home's index, so the two never open the index at the same time. The
/// operating system releases it when the process ends, even on a crash. (.NET locks the file with flock on Unix and
/// share modes on Windows.)
/// </summary>
internal sealed class HomeLock : IDisposable
{
    public const string FileName = "syncthingd.lock";

    private readonly FileStream _stream;

    private HomeLock(FileStream stream) => _stream = stream;

    /// <summary>The lock, or null when another process (or another holder in this one) has it.</summary>
    public static HomeLock? TryAcquire(string home)
    {
        try
        {
            return new HomeLock(new FileStream(Path.Combine(home, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
