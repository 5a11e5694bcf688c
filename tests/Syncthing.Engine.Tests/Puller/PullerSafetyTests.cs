using Syncthing.Engine.Fs;
using Syncthing.Engine.Puller;
using static Syncthing.Engine.Tests.Puller.PullerFixture;

namespace Syncthing.Engine.Tests.Puller;

/// <summary>Nothing local is lost: unscanned edits are never overwritten, concurrent edits become conflict copies.</summary>
public sealed class PullerSafetyTests : IDisposable
{
    private readonly PullerFixture _f = new();

    public void Dispose() => _f.Dispose();

    private IFileSystem Remote => _f.RemoteFs;

    [Fact]
    public async Task PullAsync_UnscannedLocalEdit_IsNotOverwrittenAndIsReportedForRescan()
    {
        Write(Remote, "f", Random(100, 1));
        await _f.SyncAsync();
        Write(_f.Fs, "f", "my unscanned edit"u8.ToArray());
        Write(Remote, "f", Random(200, 2));

        var result = await _f.SyncAsync();

        var error = Assert.Single(result.Errors);
        Assert.Equal(("f", LocalGuard.ModifiedReason), (error.Name, error.Reason));
        Assert.Equal(["f"], result.RescanNeeded);
        Assert.Equal("my unscanned edit"u8.ToArray(), Read(_f.Fs, "f"));
        Assert.False(_f.Fs.Exists(TempNames.TempName("f")) && Read(_f.Fs, "f").Length == 200);
    }

    [Fact]
    public async Task PullAsync_UnscannedLocalEditOfALargerFile_IsRefusedBeforeAnyBlockIsRequested()
    {
        var size = (int)FolderPuller.EarlyCheckFromBytes + 1000;
        Write(Remote, "big", Random(size, 12));
        await _f.SyncAsync();
        Write(_f.Fs, "big", "my unscanned edit"u8.ToArray());
        Write(Remote, "big", Random(size, 13));
        var requestsBefore = _f.Fetcher.Requests;

        var result = await _f.SyncAsync();

        Assert.Equal(("big", LocalGuard.ModifiedReason), (Assert.Single(result.Errors).Name, result.Errors[0].Reason));
        Assert.Equal(requestsBefore, _f.Fetcher.Requests);
        Assert.Equal("my unscanned edit"u8.ToArray(), Read(_f.Fs, "big"));
    }

    [Fact]
    public async Task PullAsync_UnscannedNewLocalFileWhereARemoteFileArrives_IsKept()
    {
        Write(_f.Fs, "new", "mine"u8.ToArray());
        Write(Remote, "new", Random(50, 3));

        var result = await _f.SyncAsync();

        Assert.Equal(LocalGuard.ModifiedReason, Assert.Single(result.Errors).Reason);
        Assert.Equal("mine"u8.ToArray(), Read(_f.Fs, "new"));
    }

    [Fact]
    public async Task PullAsync_ConcurrentEdits_KeepOursAsAConflictCopyNamedAfterTheWinner()
    {
        Write(Remote, "notes.txt", "base"u8.ToArray());
        await _f.SyncAsync();
        _f.Time.Advance(TimeSpan.FromSeconds(5));
        Write(_f.Fs, "notes.txt", "ours, older"u8.ToArray());
        _f.Fs.SetModified("notes.txt", new FileTimestamp(1_700_000_000, 0));
        await _f.ScanOursAsync();
        Write(Remote, "notes.txt", "theirs, newer"u8.ToArray());
        Remote.SetModified("notes.txt", new FileTimestamp(1_800_000_000, 0));

        var result = await _f.SyncAsync();

        Assert.Empty(result.Errors);
        Assert.Equal("theirs, newer"u8.ToArray(), Read(_f.Fs, "notes.txt"));
        var copies = _f.Fs.ListDirectory("").Select(e => PathNames.FileName(e.Name)).Where(n => n.Contains(".sync-conflict-", StringComparison.Ordinal)).ToList();
        var copy = Assert.Single(copies);
        Assert.Matches(@"^notes\.sync-conflict-\d{8}-\d{6}-" + RemoteDevice.Short + @"\.txt$", copy);
        Assert.Equal("ours, older"u8.ToArray(), Read(_f.Fs, copy));
    }

    [Fact]
    public async Task PullAsync_ConflictCopy_IsReportedForRescanSoItIsAnnounced()
    {
        Write(Remote, "notes.txt", "base"u8.ToArray());
        await _f.SyncAsync();
        _f.Time.Advance(TimeSpan.FromSeconds(5));
        Write(_f.Fs, "notes.txt", "ours, older"u8.ToArray());
        _f.Fs.SetModified("notes.txt", new FileTimestamp(1_700_000_000, 0));
        await _f.ScanOursAsync();
        Write(Remote, "notes.txt", "theirs, newer"u8.ToArray());
        Remote.SetModified("notes.txt", new FileTimestamp(1_800_000_000, 0));

        var result = await _f.SyncAsync();

        Assert.Empty(result.Errors);
        var copy = Assert.Single(_f.Fs.ListDirectory("").Select(e => PathNames.FileName(e.Name)), n => n.Contains(".sync-conflict-", StringComparison.Ordinal));
        Assert.Equal([copy], result.RescanNeeded);
    }

    [Fact]
    public async Task PullAsync_RemoteDeleteOfAFileWeEditedConcurrently_KeepsOurFileWithAWinningVersion()
    {
        Write(Remote, "f", "base"u8.ToArray());
        await _f.SyncAsync();
        _f.Time.Advance(TimeSpan.FromSeconds(5));
        Write(_f.Fs, "f", "edited here"u8.ToArray());
        await _f.ScanOursAsync();
        Remote.Remove("f");

        await _f.ScanRemoteAsync();
        _f.Announce();
        var global = _f.Store.GetGlobal(Folder, "f")!;
        var result = await _f.PullAsync();

        // 1.x: a modification beats a concurrent delete, so our edit is global and nothing is needed.
        Assert.False(global.Deleted);
        Assert.Empty(result.Errors);
        Assert.Equal("edited here"u8.ToArray(), Read(_f.Fs, "f"));
    }

    [Fact]
    public async Task PullAsync_RemoteDeletesADirectoryHoldingAnUnannouncedLocalFile_KeepsTheDirectory()
    {
        Remote.CreateDirectory("d", 0x1ED);
        Write(Remote, "d/f", Random(10, 4));
        await _f.SyncAsync();
        Write(_f.Fs, "d/mine", "unannounced"u8.ToArray());
        Remote.Remove("d/f");
        Remote.Remove("d");

        var result = await _f.SyncAsync();

        Assert.Contains(result.Errors, e => e.Name == "d");
        Assert.Equal("unannounced"u8.ToArray(), Read(_f.Fs, "d/mine"));
        Assert.False(_f.Fs.Exists("d/f"));
    }

    [Fact]
    public async Task PullAsync_EveryDeviceSendsCorruptData_FailsTheFileAndLeavesTheOldVersion()
    {
        var old = Random(1000, 5);
        Write(Remote, "f", old);
        await _f.SyncAsync();
        Write(Remote, "f", Random(2000, 6));
        _f.Fetcher.Corrupting[RemoteDevice] = true;

        var result = await _f.SyncAsync();

        Assert.Equal(FileFetcher.PeersGoneReason, Assert.Single(result.Errors).Reason);
        Assert.Equal(Sha(old), Sha(Read(_f.Fs, "f")));
        Assert.Equal(1, _f.NeedCount);
    }

    [Fact]
    public async Task PullAsync_NoConnectedDeviceHasTheFile_ReportsWhy()
    {
        Write(Remote, "f", Random(1000, 7));
        _f.Fetcher.Connected.Clear();

        var result = await _f.SyncAsync();

        Assert.Equal(FileFetcher.NoDeviceReason, Assert.Single(result.Errors).Reason);
        Assert.False(_f.Fs.Exists("f"));
    }

    [Fact]
    public async Task PullAsync_IgnoredNames_AreRecordedAsIgnoredAndNotPulled()
    {
        Write(Remote, "skip.log", Random(10, 8));
        Write(Remote, "take.txt", Random(10, 9));
        var ignores = Syncthing.Engine.Ignore.IgnoreMatcher.Load("*.log", _ => null).Matcher;

        var result = await _f.SyncAsync(ignores);

        Assert.Empty(result.Errors);
        Assert.False(_f.Fs.Exists("skip.log"));
        Assert.True(_f.Fs.Exists("take.txt"));
        Assert.Equal(0, _f.NeedCount);
        Assert.Equal(Syncthing.Engine.Protocol.LocalFlags.Ignored, _f.Local("skip.log").LocalFlags);
    }

    [Fact]
    public async Task PullAsync_FileDeletedLocallyButNotScanned_IsNotRecreatedBeforeARescan()
    {
        Write(Remote, "f", Random(100, 10));
        await _f.SyncAsync();
        _f.Fs.Remove("f");
        Write(Remote, "f", Random(300, 11));

        var result = await _f.SyncAsync();

        Assert.Equal(LocalGuard.ModifiedReason, Assert.Single(result.Errors).Reason);
        Assert.Equal(["f"], result.RescanNeeded);
        Assert.False(_f.Fs.Exists("f"));
    }
}
