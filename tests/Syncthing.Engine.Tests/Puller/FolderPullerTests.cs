using Syncthing.Engine.Fs;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Puller;
using static Syncthing.Engine.Tests.Puller.PullerFixture;

namespace Syncthing.Engine.Tests.Puller;

public sealed class FolderPullerTests : IDisposable
{
    private readonly PullerFixture _f = new();

    public void Dispose() => _f.Dispose();

    private IFileSystem Remote => _f.RemoteFs;

    /// <summary>
    /// 1.19 <c>checkParent</c>: a file whose directory is not here (an ignored directory holding an unignored name)
    /// gets that directory, and any missing ancestor, created and scanned, instead of failing on every pull.
    /// </summary>
    [Fact]
    public async Task PullAsync_FileWhoseDirectoryIsNotHere_CreatesTheDirectoriesAndAsksForAScan()
    {
        Remote.CreateDirectory("d", 0x1C0);
        Remote.CreateDirectory("d/e", 0x1C0);
        Write(Remote, "d/e/x", Random(10, 20));
        var ignores = Syncthing.Engine.Ignore.IgnoreMatcher.Load("!d/e/x\nd", _ => null).Matcher;

        var result = await _f.SyncAsync(ignores);

        Assert.Empty(result.Errors);
        Assert.Equal(Random(10, 20), Read(_f.Fs, "d/e/x"));
        Assert.Equal(0x1EDu, _f.Fs.Lstat("d").Permissions & 0x1FF);
        Assert.True(_f.Fs.Lstat("d/e").IsDirectory);
        Assert.Contains("d", result.RescanNeeded);
    }

    /// <summary>Files pulled side by side into the same missing directory: whichever comes first creates it.</summary>
    [Fact]
    public async Task PullAsync_ManyFilesWhoseDirectoryIsNotHere_AllArrive()
    {
        Remote.CreateDirectory("d", 0x1ED);
        var names = Enumerable.Range(0, 200).Select(i => $"d/f{i:D3}").ToList();
        foreach (var name in names)
        {
            Write(Remote, name, Random(16, name.GetHashCode(StringComparison.Ordinal)));
        }

        var ignores = Syncthing.Engine.Ignore.IgnoreMatcher.Load("!d/*\nd", _ => null).Matcher;

        var result = await _f.SyncAsync(ignores);

        Assert.Empty(result.Errors);
        Assert.All(names, name => Assert.Equal(Read(Remote, name), Read(_f.Fs, name)));
        Assert.Equal(["d"], result.RescanNeeded);
    }

    [Fact]
    public async Task PullAsync_FileWhoseParentIsALocalFile_FailsAndKeepsTheFile()
    {
        Remote.CreateDirectory("p", 0x1ED);
        Write(Remote, "p/x", Random(10, 21));
        Write(_f.Fs, "p", "mine"u8.ToArray());
        var ignores = Syncthing.Engine.Ignore.IgnoreMatcher.Load("!p/x\np", _ => null).Matcher;

        var result = await _f.SyncAsync(ignores);

        Assert.Equal(("p/x", "parent is not a directory"), (Assert.Single(result.Errors).Name, result.Errors[0].Reason));
        Assert.Equal("mine"u8.ToArray(), Read(_f.Fs, "p"));
    }

    /// <summary>
    /// A small file's one write sizes it, so its temp file is not pre-sized; a file whose all-zero blocks are skipped
    /// (left sparse) still gets its full size.
    /// </summary>
    [Fact]
    public async Task PullAsync_SmallFilesAndFilesWithSkippedZeroBlocks_GetTheirExactSizes()
    {
        var tail = Random(128 * 1024, 4);
        Write(Remote, "zeros.bin", new byte[128 * 1024]);
        Write(Remote, "zero-tail.bin", [.. tail, .. new byte[128 * 1024]]);
        Write(Remote, "small.bin", Random(64, 5));
        Write(Remote, "empty.bin", []);

        var result = await _f.SyncAsync();

        Assert.Empty(result.Errors);
        Assert.Equal(new byte[128 * 1024], Read(_f.Fs, "zeros.bin"));
        Assert.Equal([.. tail, .. new byte[128 * 1024]], Read(_f.Fs, "zero-tail.bin"));
        Assert.Equal(Random(64, 5), Read(_f.Fs, "small.bin"));
        Assert.Empty(Read(_f.Fs, "empty.bin"));
        Assert.Equal(128 * 1024 + 64, result.BytesDownloaded);
    }

    [Fact]
    public async Task PullAsync_NewTree_ReproducesContentPermissionsMtimesAndRecordsTheGlobalVersions()
    {
        var big = Random(400_000, 1); // 4 blocks of 128 KiB
        Remote.CreateDirectory("docs", 0x1ED);
        Remote.CreateDirectory("docs/deep", 0x1C0);
        Write(Remote, "docs/deep/big.bin", big, 0x180);
        Write(Remote, "docs/a.txt", "hello"u8.ToArray());
        Write(Remote, "empty", []);
        Remote.CreateSymlink("link", "docs/a.txt");
        Remote.SetModified("docs/a.txt", new FileTimestamp(1_600_000_000, 123_456_789));

        var result = await _f.SyncAsync();

        Assert.Empty(result.Errors);
        Assert.Equal(6, result.Needed);
        Assert.Equal(6, result.Done);
        Assert.Equal(Sha(big), Sha(Read(_f.Fs, "docs/deep/big.bin")));
        Assert.Equal("hello"u8.ToArray(), Read(_f.Fs, "docs/a.txt"));
        Assert.Empty(Read(_f.Fs, "empty"));
        Assert.Equal("docs/a.txt", _f.Fs.ReadSymlink("link"));
        Assert.Equal(new FileTimestamp(1_600_000_000, 123_456_789), _f.Fs.Lstat("docs/a.txt").Modified);
        Assert.Equal(0x180u, _f.Fs.Lstat("docs/deep/big.bin").Permissions & 0x1FF);
        Assert.Equal(0x1C0u, _f.Fs.Lstat("docs/deep").Permissions & 0x1FF);
        Assert.Equal(400_000 + 5, result.BytesDownloaded);
        Assert.Equal(0, _f.NeedCount);
        var global = _f.Store.GetGlobal(Folder, "docs/deep/big.bin")!;
        Assert.Equal(global.Version, _f.Local("docs/deep/big.bin").Version);
        Assert.Equal(RemoteDevice.Short.Value, _f.Local("docs/deep/big.bin").ModifiedBy);
        Assert.DoesNotContain(_f.Fs.ListDirectory("docs/deep"), e => TempNames.IsTemporary(e.Name));
        Assert.True(_f.LocalIndexNotifications >= 1);
        Assert.Equal(6, _f.Observer.Finished.Count(f => f.Error is null));

        // The index records each pulled file's inode (taken from the open temp file, which the rename keeps), so
        // our next scan sees the file as unchanged by inode too.
        foreach (var name in new[] { "docs/deep/big.bin", "docs/a.txt", "empty" })
        {
            Assert.NotNull(_f.Local(name).LocalInode);
            Assert.Equal(_f.Fs.Lstat(name).Inode, _f.Local(name).LocalInode);
        }
    }

    [Fact]
    public async Task PullAsync_ManySmallFiles_EachIsFlushedBeforeItsRename_InSharedFlushes()
    {
        string Name(int i) => $"d{i % 10}/f{i:D3}";
        for (var d = 0; d < 10; d++)
        {
            Remote.CreateDirectory($"d{d}", 0x1ED);
        }

        for (var i = 0; i < 200; i++)
        {
            Write(Remote, Name(i), Random(100 + i, 100 + i));
        }

        // The first flush takes a while, as a device flush can: the files finished meanwhile must share the next one.
        var ours = (Syncthing.Engine.Fs.InMemory.InMemoryFileSystem)_f.Fs;
        var first = 1;
        ours.BeforeSyncFiles = _ =>
        {
            if (Interlocked.Exchange(ref first, 0) == 1)
            {
                Assert.True(SpinWait.SpinUntil(() => _f.Fetcher.Requests >= 11, TimeSpan.FromSeconds(10)));
                Thread.Sleep(50);
            }
        };

        var result = await _f.SyncAsync();

        Assert.Empty(result.Errors);
        Assert.Equal(210, result.Done);
        var journal = ours.Journal.ToList();
        var flushes = journal.Select((line, index) => (line, index)).Where(e => e.line.StartsWith("fsync-group ", StringComparison.Ordinal)).ToList();
        for (var i = 0; i < 200; i++)
        {
            var temp = TempNames.TempName(Name(i));
            var renamed = journal.IndexOf($"rename {temp} -> {Name(i)}");
            Assert.True(renamed > 0, $"{Name(i)} was not renamed into place");
            var flushedAt = Assert.Single(flushes.Where(f => f.line.Split(' ').Contains(temp)).Select(f => f.index));
            Assert.True(flushedAt < renamed, $"{temp} renamed before it was flushed");
            Assert.True(journal.FindLastIndex(flushedAt, l => l == $"mtime {temp}") >= 0, $"{temp}'s mtime set after its flush");
        }

        Assert.InRange(flushes.Count, 1, 199);
        Assert.Contains(flushes, f => f.line.Split(' ').Length > 2);

        // The new names' directories (the root holds the ten new ones): one flush for all, after the last rename.
        var directories = Assert.Single(journal.Select((line, index) => (line, index)), e => e.line.StartsWith("fsync-dirs ", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, 10).Select(d => $"d{d}").Prepend("").Order(), directories.line.Split(' ').Skip(1).Order());
        Assert.True(directories.index > journal.FindLastIndex(l => l.StartsWith("rename ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PullAsync_AfterSync_OurRescanFindsNothingChangedAndASecondPullDoesNothing()
    {
        Remote.CreateDirectory("d", 0x1ED);
        Write(Remote, "d/f", Random(1000, 2));
        await _f.SyncAsync();
        var requests = _f.Fetcher.Requests;

        var scan = await _f.ScanOursAsync();
        var again = await _f.PullAsync();

        Assert.Equal(0, scan.New + scan.Changed + scan.Deleted);
        Assert.Equal(0, again.Needed);
        Assert.Equal(requests, _f.Fetcher.Requests);
    }

    [Fact]
    public async Task PullAsync_PermissionAndMtimeChangeOnly_DownloadsNothing()
    {
        Write(Remote, "f", Random(300_000, 3));
        await _f.SyncAsync();
        var before = _f.Fetcher.BytesRequested;
        Remote.SetPermissions("f", 0x1C0);
        Remote.SetModified("f", new FileTimestamp(1_700_000_000, 5));

        var result = await _f.SyncAsync();

        Assert.Empty(result.Errors);
        Assert.Equal(before, _f.Fetcher.BytesRequested);
        Assert.Equal(0x1C0u, _f.Fs.Lstat("f").Permissions & 0x1FF);
        Assert.Equal(new FileTimestamp(1_700_000_000, 5), _f.Fs.Lstat("f").Modified);
        Assert.Contains(_f.Observer.Finished, f => f.Name == "f" && f.Action == PullAction.Metadata);
    }

    [Fact]
    public async Task PullAsync_RenameOnTheRemote_MovesOurCopyWithoutDownloading()
    {
        var content = Random(1_000_000, 4);
        Remote.CreateDirectory("a", 0x1ED);
        Remote.CreateDirectory("b", 0x1ED);
        Write(Remote, "a/movie.bin", content);
        await _f.SyncAsync();
        var before = _f.Fetcher.BytesRequested;
        Remote.Rename("a/movie.bin", "b/renamed.bin");

        var result = await _f.SyncAsync();

        Assert.Empty(result.Errors);
        Assert.Equal(before, _f.Fetcher.BytesRequested);
        Assert.False(_f.Fs.Exists("a/movie.bin"));
        Assert.Equal(Sha(content), Sha(Read(_f.Fs, "b/renamed.bin")));
        Assert.True(_f.Local("a/movie.bin").Deleted);
        Assert.Equal(0, _f.NeedCount);
    }

    [Fact]
    public async Task PullAsync_AppendToALargeFile_DownloadsOnlyTheChangedBlocks()
    {
        var content = Random(10 * 131_072, 5);
        Write(Remote, "log", content);
        await _f.SyncAsync();
        var before = _f.Fetcher.BytesRequested;
        var appended = content.Concat(Random(1000, 6)).ToArray();
        Write(Remote, "log", appended);

        var result = await _f.SyncAsync();

        Assert.Empty(result.Errors);
        Assert.Equal(1000, _f.Fetcher.BytesRequested - before);
        Assert.Equal(10 * 131_072, result.BytesCopiedLocally);
        Assert.Equal(Sha(appended), Sha(Read(_f.Fs, "log")));
    }

    [Fact]
    public async Task PullAsync_SmallEditInsideALargeFile_CopiesTheRestLocally_VerifyingEveryCopiedBlock()
    {
        const int block = 131_072;
        var content = Random(40 * block, 30);
        Write(Remote, "big", content);
        await _f.SyncAsync();
        var before = _f.Fetcher.BytesRequested;

        // Our copy rots in place where the scanner cannot see it (same size, mtime and inode): block 7 no longer
        // matches its hash, so it must not be copied into the new version.
        var ours = _f.Fs.Lstat("big");
        using (var stream = _f.Fs.OpenWrite("big"))
        {
            stream.Position = 7 * block + 100;
            stream.WriteByte((byte)(content[7 * block + 100] ^ 0xFF));
        }

        _f.Fs.SetModified("big", ours.Modified);
        var edited = (byte[])content.Clone();
        Random(4096, 31).CopyTo(edited, 23 * block + 5000);
        Write(Remote, "big", edited);

        var result = await _f.SyncAsync();

        Assert.Empty(result.Errors);
        Assert.True(40 >= Syncthing.Engine.Puller.FileFetcher.ParallelCopyFrom);
        Assert.Equal(2 * block, _f.Fetcher.BytesRequested - before);
        Assert.Equal(38 * block, result.BytesCopiedLocally);
        Assert.Equal(Sha(edited), Sha(Read(_f.Fs, "big")));
    }

    [Fact]
    public async Task PullAsync_PartialTempFileFromAnEarlierAttempt_IsResumed()
    {
        var content = Random(8 * 131_072, 7);
        Write(Remote, "f", content);
        await _f.ScanRemoteAsync();
        _f.Announce();
        Write(_f.Fs, TempNames.TempName("f"), content[..(3 * 131_072)], 0x1A4);

        var result = await _f.PullAsync();

        Assert.Empty(result.Errors);
        Assert.Equal(5 * 131_072, _f.Fetcher.BytesRequested);
        Assert.Equal(Sha(content), Sha(Read(_f.Fs, "f")));
        Assert.False(_f.Fs.Exists(TempNames.TempName("f")));
    }

    [Fact]
    public async Task PullAsync_ADirectoryOrSymlinkUnderTheTempName_IsRemovedAndTheFileIsPulled()
    {
        var content = Random(2 * 131_072, 8);
        Write(Remote, "a", content);
        Write(Remote, "b", content);
        await _f.ScanRemoteAsync();
        _f.Announce();
        _f.Fs.CreateDirectory(TempNames.TempName("a"), 0x1ED);
        _f.Fs.CreateSymlink(TempNames.TempName("b"), "/etc/passwd");

        var result = await _f.PullAsync();

        Assert.Empty(result.Errors);
        Assert.Equal(Sha(content), Sha(Read(_f.Fs, "a")));
        Assert.Equal(Sha(content), Sha(Read(_f.Fs, "b")));
        Assert.False(_f.Fs.Exists(TempNames.TempName("a")));
        Assert.False(_f.Fs.Exists(TempNames.TempName("b")));
    }

    [Fact]
    public async Task PullAsync_RemoteDeletesFilesAndDirectories_DeletesThemDeepestFirst()
    {
        Remote.CreateDirectory("x", 0x1ED);
        Remote.CreateDirectory("x/y", 0x1ED);
        Write(Remote, "x/y/f", Random(100, 8));
        Write(Remote, "x/g", Random(100, 9));
        Write(Remote, "keep", Random(100, 10));
        await _f.SyncAsync();
        Remote.Remove("x/y/f");
        Remote.Remove("x/g");
        Remote.Remove("x/y");
        Remote.Remove("x");

        var result = await _f.SyncAsync();

        Assert.Empty(result.Errors);
        Assert.False(_f.Fs.Exists("x"));
        Assert.True(_f.Fs.Exists("keep"));
        Assert.True(_f.Local("x").Deleted);
        Assert.True(_f.Local("x/y/f").Deleted);
        Assert.Equal(0, _f.NeedCount);
    }

    [Fact]
    public async Task PullAsync_BlocksSpreadAcrossDevicesAndACorruptingDeviceIsRoutedAround()
    {
        var other = DeviceId.FromBytes(Enumerable.Repeat((byte)0x99, 32).ToArray());
        var content = Random(6 * 131_072, 11);
        Write(Remote, "f", content);
        await _f.ScanRemoteAsync();
        _f.Announce();
        _f.Store.ApplyRemote(Folder, other, [.. _f.RemoteStore.LocalEntriesUnder(Folder, "")], replaceAll: true);
        _f.Fetcher.Connected.Add(other);
        _f.Fetcher.Corrupting[RemoteDevice] = true;

        var result = await _f.PullAsync();

        Assert.Empty(result.Errors);
        Assert.Equal(Sha(content), Sha(Read(_f.Fs, "f")));
        Assert.Contains(_f.Fetcher.Log, l => l.Device == RemoteDevice);
        Assert.Equal(6, _f.Fetcher.Log.Count(l => l.Device == other));
    }
}
