using Syncthing.Engine.Model;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Scanner;
using Syncthing.Engine.Tests.Puller;
using static Syncthing.Engine.Tests.Puller.PullerFixture;

namespace Syncthing.Engine.Tests.Model;

/// <summary>Send-only Override and receive-only local changes and Revert, on the puller fixture's two sides.</summary>
public sealed class FolderOverridesTests : IDisposable
{
    private readonly PullerFixture _f = new();

    public void Dispose() => _f.Dispose();

    private Task<ScanResult> ScanReceiveOnlyAsync() =>
        new FolderScanner(Folder, _f.Fs, OurDevice.Short, _f.Store, null, new FolderScanOptions { Hashers = 1, ReceiveOnly = true }, _f.Time)
            .ScanAsync(null, null, PullerFixture.Timeout);

    [Fact]
    public async Task ReceiveOnly_LocalChangesAreFlaggedNeverGlobalAndNotRewrittenByARescan()
    {
        Write(_f.RemoteFs, "shared.txt", "cluster"u8.ToArray());
        await _f.SyncAsync();
        _f.Time.Advance(TimeSpan.FromSeconds(5));
        Write(_f.Fs, "shared.txt", "local edit"u8.ToArray());
        Write(_f.Fs, "mine.txt", "local addition"u8.ToArray());

        var first = await ScanReceiveOnlyAsync();
        var sequence = _f.Store.GetLocalMaxSequence(Folder);
        var second = await ScanReceiveOnlyAsync();

        Assert.Equal((1L, 1L), (first.New, first.Changed));
        Assert.Equal(0, second.Written);
        Assert.Equal(sequence, _f.Store.GetLocalMaxSequence(Folder));
        Assert.Equal(LocalFlags.ReceiveOnly, _f.Local("shared.txt").LocalFlags);
        Assert.Equal(LocalFlags.ReceiveOnly, _f.Local("mine.txt").LocalFlags);
        Assert.Equal(RemoteDevice.Short.Value, _f.Store.GetGlobal(Folder, "shared.txt")!.ModifiedBy);
        Assert.Empty(_f.Store.Availability(Folder, "mine.txt"));
    }

    [Fact]
    public async Task Revert_PullsTheClusterVersionBackAndRemovesLocalAdditions_WithoutConflictCopies()
    {
        Write(_f.RemoteFs, "shared.txt", "cluster"u8.ToArray());
        _f.RemoteFs.CreateDirectory("d", 0x1ED);
        await _f.SyncAsync();
        _f.Time.Advance(TimeSpan.FromSeconds(5));
        Write(_f.Fs, "shared.txt", "local edit"u8.ToArray());
        _f.Fs.CreateDirectory("extra", 0x1ED);
        Write(_f.Fs, "extra/mine.txt", "local addition"u8.ToArray());
        await ScanReceiveOnlyAsync();

        var reverted = FolderOverrides.Revert(_f.Store, _f.Fs, Folder, PullerFixture.Timeout);
        var pulled = await _f.PullAsync();

        Assert.Equal(3, reverted);
        Assert.Empty(pulled.Errors);
        Assert.Equal("cluster"u8.ToArray(), Read(_f.Fs, "shared.txt"));
        Assert.False(_f.Fs.Exists("extra"));
        Assert.DoesNotContain(_f.Fs.ListDirectory(""), e => e.Name.Contains(".sync-conflict-", StringComparison.Ordinal));
        Assert.Equal(0, _f.NeedCount);
        Assert.Equal(LocalFlags.None, _f.Local("shared.txt").LocalFlags);
    }

    [Fact]
    public async Task Override_AnnouncesOurVersionOfEveryNeededItemAndDeletesWhatWeLack()
    {
        Write(_f.RemoteFs, "a.txt", "v1"u8.ToArray());
        Write(_f.RemoteFs, "b.txt", "theirs"u8.ToArray());
        await _f.SyncAsync();
        _f.Time.Advance(TimeSpan.FromSeconds(5));
        Write(_f.RemoteFs, "a.txt", "their edit"u8.ToArray());
        Write(_f.RemoteFs, "c.txt", "their new file"u8.ToArray());
        await _f.ScanRemoteAsync();
        _f.Announce();
        Assert.Equal(2, _f.NeedCount);

        var overridden = FolderOverrides.Override(_f.Store, Folder, OurDevice.Short, _f.Time.GetUtcNow(), PullerFixture.Timeout);

        Assert.Equal(2, overridden);
        Assert.Equal(0, _f.NeedCount);
        var a = _f.Store.GetGlobal(Folder, "a.txt")!;
        Assert.Equal(OurDevice.Short.Value, a.ModifiedBy);
        Assert.Equal("v1".Length, a.Size);
        Assert.Equal(Ordering.Greater, a.Version.Compare(_f.Store.GetRemote(Folder, RemoteDevice, "a.txt")!.Version));
        var c = _f.Store.GetGlobal(Folder, "c.txt")!;
        Assert.True(c.Deleted);
        Assert.Equal(OurDevice.Short.Value, c.ModifiedBy);
        Assert.Equal("v1"u8.ToArray(), Read(_f.Fs, "a.txt"));
    }
}
