using Syncthing.Engine.Fs;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Scanner;

namespace Syncthing.Engine.Tests.Scanner;

public sealed class FolderScannerTests : IDisposable
{
    private readonly ScannerFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task ScanAsync_NewTree_IndexesKindsSizesBlocksTimesPermissionsVersions()
    {
        _f.Fs.CreateDirectory("docs", 0x1ED);
        _f.WriteFile("docs/a.txt", "hello world\n");
        _f.WriteFile("b.bin", ScannerFixture.Random(1000, 1), permissions: 0x1C0);
        _f.Fs.CreateSymlink("link", "docs/a.txt");
        var mtime = new FileTimestamp(1_700_000_000, 123_456_789);
        _f.Fs.SetModified("docs/a.txt", mtime);
        var now = _f.Time.GetUtcNow().ToUnixTimeSeconds();

        var result = await _f.ScanAsync();

        Assert.Equal(4, result.New);
        Assert.Equal(2, result.FilesHashed);
        Assert.Equal(12 + 1000, result.BytesHashed);
        Assert.Empty(result.Errors);
        var all = _f.AllLocal();
        Assert.Equal(["b.bin", "docs", "docs/a.txt", "link"], all.Select(r => r.Name));
        Assert.Equal([1L, 2, 3, 4], all.Select(r => r.Sequence).Order());
        Assert.Equal(4, _f.MaxSequence);

        var a = _f.Local("docs/a.txt");
        Assert.Equal(FileKind.File, a.Kind);
        Assert.Equal(12, a.Size);
        Assert.Equal((1_700_000_000L, 123_456_789), (a.ModifiedSeconds, a.ModifiedNanos));
        Assert.Equal(0x1A4u, a.Permissions);
        Assert.False(a.NoPermissions);
        Assert.Equal(BlockSizeRule.MinBlockSize, a.BlockSize);
        var block = Assert.Single(a.Blocks);
        Assert.Equal(ScannerFixture.Sha("hello world\n"u8), block.Hash.ToArray());
        Assert.Equal(510788711u, block.WeakHash); // brief Appendix A6
        Assert.Equal(ScannerFixture.Us.Value, a.ModifiedBy);
        Assert.Equal((ulong)now, a.Version.Counter(ScannerFixture.Us));
        Assert.Single(a.Version.Counters);
        Assert.False(a.Deleted);
        Assert.Equal(LocalFlags.None, a.LocalFlags);
        Assert.NotNull(a.LocalInode);

        Assert.Equal(0x1C0u, _f.Local("b.bin").Permissions);

        var docs = _f.Local("docs");
        Assert.Equal((FileKind.Directory, 0L, 0x1EDu), (docs.Kind, docs.Size, docs.Permissions));
        Assert.Empty(docs.Blocks);

        var link = _f.Local("link");
        Assert.Equal(FileKind.Symlink, link.Kind);
        Assert.Equal("docs/a.txt", link.SymlinkTarget);
        Assert.True(link.NoPermissions);
        Assert.Equal(0, link.Size);
        Assert.Empty(link.Blocks);
    }

    [Fact]
    public async Task ScanAsync_NothingChanged_WritesNothing()
    {
        _f.Fs.CreateDirectory("d", 0x1ED);
        _f.WriteFile("d/x", "x");
        _f.Fs.CreateSymlink("s", "d");
        await _f.ScanAsync();
        var before = _f.MaxSequence;
        _f.Advance(60);

        var result = await _f.ScanAsync();

        Assert.Equal(before, _f.MaxSequence);
        Assert.Equal(0, result.Written);
        Assert.Equal(3, result.Unchanged);
        Assert.Equal(0, result.FilesHashed);
    }

    [Fact]
    public async Task ScanAsync_ChangedSize_RehashesAndBumpsVersion()
    {
        _f.WriteFile("f", "one");
        await _f.ScanAsync();
        var old = _f.Local("f");
        _f.Advance(5);
        _f.Memory!.ReplaceContent("f", "three"u8);

        var result = await _f.ScanAsync();

        Assert.Equal(1, result.Changed);
        var now = _f.Local("f");
        Assert.Equal(5, now.Size);
        Assert.Equal(ScannerFixture.Sha("three"u8), now.Blocks[0].Hash.ToArray());
        Assert.Equal(old.Version.Counter(ScannerFixture.Us) + 5, now.Version.Counter(ScannerFixture.Us));
        Assert.True(now.Sequence > old.Sequence);
    }

    [Fact]
    public async Task ScanAsync_SameSizeNewMtime_IsChanged()
    {
        _f.WriteFile("f", "aaaa");
        await _f.ScanAsync();
        _f.Fs.SetModified("f", new FileTimestamp(1_600_000_000, 1));

        var result = await _f.ScanAsync();

        Assert.Equal(1, result.Changed);
        Assert.Equal(1, _f.Local("f").ModifiedNanos);
    }

    [Fact]
    public async Task ScanAsync_OnlyNanosecondsDiffer_IsChanged()
    {
        _f.WriteFile("f", "aaaa");
        _f.Fs.SetModified("f", new FileTimestamp(1_600_000_000, 100));
        await _f.ScanAsync();
        _f.Fs.SetModified("f", new FileTimestamp(1_600_000_000, 101));

        Assert.Equal(1, (await _f.ScanAsync()).Changed);
    }

    [Fact]
    public async Task ScanAsync_PermissionsChanged_DetectedUnlessIgnorePerms()
    {
        _f.WriteFile("f", "aaaa");
        _f.Fs.CreateDirectory("d", 0x1ED);
        await _f.ScanAsync();
        _f.Fs.SetPermissions("f", 0x180);
        _f.Fs.SetPermissions("d", 0x1C0);

        var withPerms = await _f.ScanAsync();

        Assert.Equal(2, withPerms.Changed);
        Assert.Equal(0x180u, _f.Local("f").Permissions);
        Assert.Equal(0x1C0u, _f.Local("d").Permissions);

        _f.Options = _f.Options with { IgnorePerms = true };
        _f.Fs.SetPermissions("f", 0x1FF);
        var ignored = await _f.ScanAsync();
        Assert.Equal(0, ignored.Written);
    }

    [Fact]
    public async Task ScanAsync_IgnorePerms_RecordsNoPermissions()
    {
        _f.Options = _f.Options with { IgnorePerms = true };
        _f.WriteFile("f", "aaaa");

        await _f.ScanAsync();

        Assert.True(_f.Local("f").NoPermissions);
    }

    [Fact]
    public async Task ScanAsync_ReplacedBySameSizeAndMtime_DetectedByInode()
    {
        _f.WriteFile("f", "aaaa");
        var mtime = _f.Fs.Lstat("f").Modified;
        await _f.ScanAsync();
        var oldInode = _f.Local("f").LocalInode;

        _f.WriteFile("f", "bbbb"); // a new file (new inode) with the same size
        _f.Fs.SetModified("f", mtime);
        var result = await _f.ScanAsync();

        Assert.Equal(1, result.Changed);
        Assert.NotEqual(oldInode, _f.Local("f").LocalInode);
        Assert.Equal(ScannerFixture.Sha("bbbb"u8), _f.Local("f").Blocks[0].Hash.ToArray());
    }

    [Fact]
    public async Task ScanAsync_InodeDetectionOff_SameSizeAndMtimeIsUnchanged()
    {
        _f.Options = _f.Options with { DetectInodeChanges = false };
        _f.WriteFile("f", "aaaa");
        var mtime = _f.Fs.Lstat("f").Modified;
        await _f.ScanAsync();
        _f.WriteFile("f", "bbbb");
        _f.Fs.SetModified("f", mtime);

        Assert.Equal(0, (await _f.ScanAsync()).Written);
    }

    [Fact]
    public async Task ScanAsync_DirectoryMtimeChanges_DirectoryNotRewritten()
    {
        _f.Fs.CreateDirectory("d", 0x1ED);
        await _f.ScanAsync();
        _f.Advance(10);
        _f.WriteFile("d/new", "n"); // changes d's mtime

        var result = await _f.ScanAsync();

        Assert.Equal(1, result.New);
        Assert.Equal(0, result.Changed);
    }

    [Fact]
    public async Task ScanAsync_SymlinkTargetChanged_IsChanged()
    {
        _f.Fs.CreateSymlink("s", "one");
        await _f.ScanAsync();
        _f.Fs.Remove("s");
        _f.Fs.CreateSymlink("s", "two");

        Assert.Equal(1, (await _f.ScanAsync()).Changed);
        Assert.Equal("two", _f.Local("s").SymlinkTarget);
    }

    [Fact]
    public async Task ScanAsync_EmptyFile_HasExactlyOneEmptyBlock()
    {
        _f.WriteFile("empty", []);

        await _f.ScanAsync();

        var e = _f.Local("empty");
        Assert.Equal(0, e.Size);
        var block = Assert.Single(e.Blocks);
        Assert.Equal((0L, 0, 0u), (block.Offset, block.Size, block.WeakHash));
        Assert.Equal(Convert.FromHexString("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), block.Hash.ToArray());
    }

    [Fact]
    public async Task ScanAsync_ThreeMebibyteFile_Has24BlocksOf128KiB()
    {
        var data = ScannerFixture.Random(3 * 1024 * 1024, 7);
        _f.WriteFile("big", data);

        await _f.ScanAsync();

        var big = _f.Local("big");
        Assert.Equal(128 * 1024, big.BlockSize);
        Assert.Equal(24, big.Blocks.Length);
        for (var i = 0; i < 24; i++)
        {
            var b = big.Blocks[i];
            Assert.Equal((i * 131072L, 131072), (b.Offset, b.Size));
            Assert.Equal(ScannerFixture.Sha(data.AsSpan(i * 131072, 131072)), b.Hash.ToArray());
        }
    }

    [Fact]
    public async Task ScanAsync_InternalAndTemporaryNames_NotIndexed()
    {
        _f.Fs.CreateDirectory(".stfolder", 0x1ED);
        _f.Fs.CreateDirectory(".stversions", 0x1ED);
        _f.WriteFile(".stversions/old~1.txt", "v");
        _f.WriteFile(".stignore", "// nothing");
        _f.WriteFile(".syncthing.x.tmp", "t");
        _f.WriteFile("~syncthing~y.tmp", "t");
        _f.Fs.CreateDirectory("sub", 0x1ED);
        _f.WriteFile("sub/.stignore", "ordinary file below the root");

        await _f.ScanAsync();

        Assert.Equal(["sub", "sub/.stignore"], _f.AllLocal().Select(r => r.Name));
    }

    [Fact]
    public async Task ScanAsync_ManyFilesSmallBatches_AllIndexedAcrossTransactions()
    {
        _f.Options = _f.Options with { BatchMaxRecords = 7, Hashers = 3 };
        _f.Fs.CreateDirectory("d", 0x1ED);
        for (var i = 0; i < 100; i++)
        {
            _f.WriteFile($"d/f{i:D3}", $"content {i}");
        }

        var result = await _f.ScanAsync();

        Assert.Equal(101, result.New);
        Assert.Equal(101, _f.MaxSequence);
        Assert.Equal(ScannerFixture.Sha("content 42"u8), _f.Local("d/f042").Blocks[0].Hash.ToArray());
    }

    [Fact]
    public async Task ScanAsync_Progress_ReportsFinalTotals()
    {
        _f.WriteFile("a", "12345");
        var reports = new List<ScanProgress>();
        var progress = new SyncProgress(reports);

        await _f.CreateScanner().ScanAsync(null, progress, ScannerFixture.Timeout);

        Assert.NotEmpty(reports);
        Assert.Equal(new ScanProgress(1, 1, 5), reports[^1]);
    }

    private sealed class SyncProgress(List<ScanProgress> reports) : IProgress<ScanProgress>
    {
        public void Report(ScanProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
