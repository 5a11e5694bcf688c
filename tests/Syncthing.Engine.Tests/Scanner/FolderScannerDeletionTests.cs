using Syncthing.Engine.Protocol;
using Syncthing.Engine.Tests.Ignore;

namespace Syncthing.Engine.Tests.Scanner;

public sealed class FolderScannerDeletionTests : IDisposable
{
    private readonly ScannerFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task ScanAsync_FileRemoved_BecomesDeletion()
    {
        _f.WriteFile("gone", "data");
        await _f.ScanAsync();
        var old = _f.Local("gone");
        _f.Advance(100);
        _f.Fs.Remove("gone");

        var result = await _f.ScanAsync();

        Assert.Equal(1, result.Deleted);
        var d = _f.Local("gone");
        Assert.True(d.Deleted);
        Assert.Empty(d.Blocks);
        Assert.Equal(0, d.Size);
        Assert.Equal(FileKind.File, d.Kind);
        Assert.Equal(_f.Time.GetUtcNow().ToUnixTimeSeconds(), d.ModifiedSeconds);
        Assert.Equal(ScannerFixture.Us.Value, d.ModifiedBy);
        Assert.Equal(Ordering.Greater, d.Version.Compare(old.Version));

        var again = await _f.ScanAsync();
        Assert.Equal(0, again.Written);
    }

    [Fact]
    public async Task ScanAsync_DirectoryTreeRemoved_EveryEntryDeleted()
    {
        _f.Fs.CreateDirectory("d", 0x1ED);
        _f.Fs.CreateDirectory("d/e", 0x1ED);
        _f.WriteFile("d/e/x", "x");
        _f.WriteFile("d/y", "y");
        _f.WriteFile("d.txt", "sibling that sorts between d and d/");
        await _f.ScanAsync();
        _f.Fs.Remove("d/e/x");
        _f.Fs.Remove("d/e");
        _f.Fs.Remove("d/y");
        _f.Fs.Remove("d");

        var result = await _f.ScanAsync();

        Assert.Equal(4, result.Deleted);
        Assert.All(new[] { "d", "d/e", "d/e/x", "d/y" }, n => Assert.True(_f.Local(n).Deleted));
        Assert.False(_f.Local("d.txt").Deleted);
    }

    [Fact]
    public async Task ScanAsync_DirectoryReplacedByFile_SubtreeDeletedAndFileRecorded()
    {
        _f.Fs.CreateDirectory("d", 0x1ED);
        _f.WriteFile("d/x", "x");
        await _f.ScanAsync();
        _f.Fs.Remove("d/x");
        _f.Fs.Remove("d");
        _f.WriteFile("d", "now a file");

        var result = await _f.ScanAsync();

        Assert.Equal(1, result.Deleted);
        Assert.Equal(1, result.Changed);
        Assert.True(_f.Local("d/x").Deleted);
        Assert.Equal(FileKind.File, _f.Local("d").Kind);
    }

    [Fact]
    public async Task ScanAsync_DeletedThenRecreated_IsNewAgain()
    {
        _f.WriteFile("f", "1");
        await _f.ScanAsync();
        _f.Fs.Remove("f");
        await _f.ScanAsync();
        _f.WriteFile("f", "2");

        var result = await _f.ScanAsync();

        Assert.Equal(1, result.New);
        Assert.False(_f.Local("f").Deleted);
    }

    [Fact]
    public async Task ScanAsync_IgnoredItems_NeverIndexed()
    {
        _f.WriteFile("keep.txt", "k");
        _f.WriteFile("skip.log", "s");
        _f.Fs.CreateDirectory("build", 0x1ED);
        _f.WriteFile("build/out.o", "o");
        var ignores = IgnoreTestSupport.Compile("*.log\nbuild");

        await _f.ScanAsync(ignores);

        Assert.Equal(["keep.txt"], _f.AllLocal().Select(r => r.Name));
    }

    [Fact]
    public async Task ScanAsync_StignoreChangedToIgnoreIndexedFile_MarkedIgnoredWithoutVersionBump()
    {
        _f.WriteFile("a.log", "log");
        _f.Fs.CreateDirectory("tmp", 0x1ED);
        _f.WriteFile("tmp/t", "t");
        _f.WriteFile("b.txt", "b");
        await _f.ScanAsync();
        var old = _f.Local("a.log");
        _f.WriteFile(".stignore", "*.log\ntmp\n");

        var result = await _f.ScanAsync(); // loads .stignore through the file system

        Assert.Equal(3, result.NewlyIgnored);
        var a = _f.Local("a.log");
        Assert.Equal(LocalFlags.Ignored, a.LocalFlags);
        Assert.True(a.IsInvalid);
        Assert.Equal(old.Version, a.Version);
        Assert.Empty(a.Blocks);
        Assert.Equal(LocalFlags.Ignored, _f.Local("tmp").LocalFlags);
        Assert.Equal(LocalFlags.Ignored, _f.Local("tmp/t").LocalFlags);
        Assert.Equal(LocalFlags.None, _f.Local("b.txt").LocalFlags);

        var again = await _f.ScanAsync();
        Assert.Equal(0, again.Written);
    }

    [Fact]
    public async Task ScanAsync_Unignored_RescannedWithOnlyOurCounter()
    {
        _f.WriteFile("a.log", "log");
        await _f.ScanAsync();
        _f.WriteFile(".stignore", "*.log");
        await _f.ScanAsync();
        _f.Fs.Remove(".stignore");
        _f.Advance(3);

        var result = await _f.ScanAsync();

        Assert.Equal(1, result.Changed);
        var a = _f.Local("a.log");
        Assert.Equal(LocalFlags.None, a.LocalFlags);
        Assert.Equal(3, a.Size);
        Assert.Single(a.Version.Counters);
    }

    [Fact]
    public async Task ScanAsync_NegatedPatternInsideIgnoredDirectory_DirectoryKept()
    {
        _f.Fs.CreateDirectory("cache", 0x1ED);
        _f.WriteFile("cache/junk", "j");
        _f.WriteFile("cache/keep.me", "k");
        var ignores = IgnoreTestSupport.Compile("!cache/keep.me\ncache");
        Assert.False(ignores.SkipIgnoredDirs);

        await _f.ScanAsync(ignores);

        Assert.Equal(["cache", "cache/keep.me"], _f.AllLocal().Select(r => r.Name));
    }

    [Fact]
    public async Task ScanAsync_BrokenStignore_FailsScanAndWritesNothing()
    {
        _f.WriteFile("x", "x");
        _f.WriteFile(".stignore", "#include missing.txt");

        await Assert.ThrowsAnyAsync<Exception>(() => _f.ScanAsync());
        Assert.Equal(0, _f.MaxSequence);
    }

    [Fact]
    public async Task ScanAsync_StignoreInclude_ReadThroughFileSystem()
    {
        _f.WriteFile(".stignore", "#include more.txt");
        _f.WriteFile("more.txt", "*.bak");
        _f.WriteFile("x.bak", "b");

        await _f.ScanAsync();

        Assert.Equal(["more.txt"], _f.AllLocal().Select(r => r.Name));
    }
}
