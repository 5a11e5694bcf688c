using Syncthing.Engine.Scanner;

namespace Syncthing.Engine.Tests.Scanner;

public sealed class FolderScannerSubPathTests : IDisposable
{
    private readonly ScannerFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task ScanAsync_SubPath_TouchesOnlyThatSubtree()
    {
        _f.Fs.CreateDirectory("a", 0x1ED);
        _f.Fs.CreateDirectory("b", 0x1ED);
        _f.WriteFile("a/1", "1");
        _f.WriteFile("b/2", "2");
        await _f.ScanAsync();
        _f.Advance();
        _f.Memory!.ReplaceContent("a/1", "changed"u8);
        _f.Memory.ReplaceContent("b/2", "changed"u8);
        _f.WriteFile("a/new", "n");
        _f.Fs.Remove("b/2");
        _f.WriteFile("b/other", "o");

        var result = await _f.ScanAsync("a");

        Assert.Equal((1L, 1L, 0L), (result.New, result.Changed, result.Deleted));
        Assert.Equal(7, _f.Local("a/1").Size);
        Assert.Equal(1, _f.Local("b/2").Size);
        Assert.False(_f.Local("b/2").Deleted);
        Assert.Null(_f.Store.GetLocal(ScannerFixture.Folder, "b/other"));
    }

    [Fact]
    public async Task ScanAsync_SubPathOfRemovedFile_RecordsDeletion()
    {
        _f.Fs.CreateDirectory("a", 0x1ED);
        _f.WriteFile("a/x", "x");
        _f.WriteFile("a/y", "y");
        await _f.ScanAsync();
        _f.Fs.Remove("a/x");
        _f.Fs.Remove("a/y");

        var result = await _f.ScanAsync("a/x");

        Assert.Equal(1, result.Deleted);
        Assert.True(_f.Local("a/x").Deleted);
        Assert.False(_f.Local("a/y").Deleted);
    }

    [Fact]
    public async Task ScanAsync_SubPathInsideUnknownDirectory_WidenedToKnownAncestor()
    {
        _f.Fs.CreateDirectory("a", 0x1ED);
        await _f.ScanAsync();
        _f.Fs.CreateDirectory("a/new", 0x1ED);
        _f.Fs.CreateDirectory("a/new/deeper", 0x1ED);
        _f.WriteFile("a/new/deeper/f", "f");

        var result = await _f.ScanAsync("a/new/deeper/f");

        Assert.Equal(3, result.New);
        Assert.NotNull(_f.Store.GetLocal(ScannerFixture.Folder, "a/new"));
    }

    [Fact]
    public void Unify_NestedDuplicateAndRoot_Minimal()
    {
        var counters = new ScanCounters(10);
        Assert.Equal(["a", "a b"], ScanSubPaths.Unify(["a/x", "a", "a b", "a/y/z", "a"], _ => true, counters));
        Assert.Equal([""], ScanSubPaths.Unify(["a", "."], _ => true, counters));
        Assert.Equal([""], ScanSubPaths.Unify(null, _ => true, counters));
        Assert.Equal(["top"], ScanSubPaths.Unify(["top/mid/leaf"], _ => false, counters));
    }
}
