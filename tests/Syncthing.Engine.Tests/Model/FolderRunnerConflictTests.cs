using Microsoft.Extensions.Logging.Abstractions;
using Syncthing.Engine.Config;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Model;
using Syncthing.Engine.Tests.Puller;
using static Syncthing.Engine.Tests.Puller.PullerFixture;

namespace Syncthing.Engine.Tests.Model;

/// <summary>
/// A conflict copy made by a pull is scanned into our index right away, watcher or not (1.19 feeds it to the
/// folder's scan channel), so it reaches the other devices; without that it stayed local until the next rescan.
/// </summary>
public sealed class FolderRunnerConflictTests : IDisposable
{
    private readonly PullerFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Pull_ConflictCopy_IsScannedIntoTheLocalIndexWithoutAWatcher()
    {
        Write(_f.RemoteFs, "notes.txt", "base"u8.ToArray());
        await _f.SyncAsync();
        _f.Time.Advance(TimeSpan.FromSeconds(5));
        Write(_f.Fs, "notes.txt", "ours, older"u8.ToArray());
        _f.Fs.SetModified("notes.txt", new FileTimestamp(1_700_000_000, 0));
        await _f.ScanOursAsync();
        Write(_f.RemoteFs, "notes.txt", "theirs, newer"u8.ToArray());
        _f.RemoteFs.SetModified("notes.txt", new FileTimestamp(1_800_000_000, 0));
        await _f.ScanRemoteAsync();
        _f.Announce();
        _f.Fs.CreateDirectory(".stfolder", 0x1ED);
        var folder = new FolderConfiguration { Id = Folder, Path = "/unused", FsWatcherEnabled = false, RescanIntervalS = 0 };

        await using var runner = new FolderRunner(folder, _f.Fs, _f.Store, _f.Fetcher, OurDevice.Short, _f.Time, NullLogger.Instance);
        runner.Start();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (_f.Store.LocalEntriesUnder(Folder, "").All(r => !r.Name.Contains(".sync-conflict-", StringComparison.Ordinal)))
        {
            await Task.Delay(20, timeout.Token);
        }

        var copy = Assert.Single(_f.Store.LocalEntriesUnder(Folder, ""), r => r.Name.Contains(".sync-conflict-", StringComparison.Ordinal));
        Assert.Equal(11, copy.Size); // "ours, older"
        Assert.Equal("theirs, newer"u8.ToArray(), Read(_f.Fs, "notes.txt"));
        Assert.Empty(runner.PullErrors);
    }
}
