using System.Diagnostics;
using System.Globalization;

namespace Syncthing.Engine.Benchmarks.SideBySide;

/// <summary>
/// Keeps the harness's own deletions out of the next timed sync. ext4 without a journal (this machine's root file
/// system) does not reuse an inode deleted less than <c>vm.dirty_expire_centisecs</c> ago (30 s): each new file's
/// inode search steps over every recently deleted one, reading its inode-table entry. Right after a scenario deleted
/// 100,000 received files, a sync that creates 100,000 files spent most of its CPU in that search
/// (<c>find_inode_bit</c>/<c>recently_deleted</c>; 30,000-file runs took 8.8 s after a pause and 12–14 s back to
/// back). Before a timed sync the harness therefore waits until that window has passed since its last large
/// deletion — the same wait whichever implementation is measured.
/// </summary>
internal sealed class InodeQuarantine
{
    /// <summary>Deleting fewer files than this does not start a wait (the big dataset is one file).</summary>
    public const int LargeDeletion = 1000;

    private readonly TimeSpan _window = ReadWindow();
    private readonly Stopwatch _sinceDeletion = new();

    /// <summary>Seconds waited so far, for the results file.</summary>
    public double WaitedSeconds { get; private set; }

    /// <summary>Deletes <paramref name="directory"/> and, when it held many files, starts the window.</summary>
    public void Delete(string directory)
    {
        var large = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Take(LargeDeletion).Count() >= LargeDeletion;
        Directory.Delete(directory, recursive: true);
        if (large)
        {
            _sinceDeletion.Restart();
        }
    }

    /// <summary>Returns once the window since the last large deletion has passed.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (!_sinceDeletion.IsRunning)
        {
            return;
        }

        var remaining = _window - _sinceDeletion.Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            WaitedSeconds += remaining.TotalSeconds;
            await Task.Delay(remaining, cancellationToken).ConfigureAwait(false);
        }

        _sinceDeletion.Reset();
    }

    /// <summary><c>vm.dirty_expire_centisecs</c> plus a second; 31 s where it cannot be read.</summary>
    private static TimeSpan ReadWindow()
    {
        try
        {
            var centiseconds = int.Parse(File.ReadAllText("/proc/sys/vm/dirty_expire_centisecs").Trim(), CultureInfo.InvariantCulture);
            return TimeSpan.FromMilliseconds(centiseconds * 10.0) + TimeSpan.FromSeconds(1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return TimeSpan.FromSeconds(31);
        }
    }
}
