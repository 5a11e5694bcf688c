using Syncthing.Engine.Fs.Basic;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Tests.Fs;

namespace Syncthing.Engine.Tests.Scanner;

/// <summary>The scanner on a real directory (Linux): odd names, symlinks, real inodes, real 128 KiB blocks.</summary>
public sealed class FolderScannerDiskTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly TempDirectory _outside = new();
    private readonly ScannerFixture _f;

    public FolderScannerDiskTests() => _f = new ScannerFixture(new BasicFileSystem(_root.Path));

    public void Dispose()
    {
        _f.Dispose();
        _root.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public async Task ScanAsync_InvalidNamesOnDisk_SkippedAndReported()
    {
        File.WriteAllText(Path.Combine(_root.Path, "back\\slash"), "b");
        var nfd = "cafe\u0301"; // not NFC
        File.WriteAllText(Path.Combine(_root.Path, nfd), "n");
        File.WriteAllText(Path.Combine(_root.Path, "ok"), "o");

        var result = await _f.ScanAsync();

        Assert.Equal(["ok"], _f.AllLocal().Select(r => r.Name));
        Assert.Equal(2, result.Skipped);
        Assert.Contains(result.Errors, e => e.Name == "back\\slash" && e.Reason.Contains("backslash", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Name == nfd && e.Reason.Contains("normalization", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScanAsync_SymlinkToOutsideDirectory_RecordedNotFollowed()
    {
        File.WriteAllText(Path.Combine(_outside.Path, "secret"), "s");
        Directory.CreateSymbolicLink(Path.Combine(_root.Path, "out"), _outside.Path);

        await _f.ScanAsync();

        var link = Assert.Single(_f.AllLocal());
        Assert.Equal(("out", FileKind.Symlink, _outside.Path), (link.Name, link.Kind, link.SymlinkTarget));
    }

    [Fact]
    public async Task ScanAsync_RealFile_RealBlocksPermissionsAndInodeReplacement()
    {
        var data = ScannerFixture.Random((3 * 1024 * 1024) + 5, 3);
        var path = Path.Combine(_root.Path, "big");
        File.WriteAllBytes(path, data);
        _f.Fs.SetPermissions("big", 0x1A0);

        await _f.ScanAsync();

        var big = _f.Local("big");
        Assert.Equal(0x1A0u, big.Permissions);
        Assert.Equal(25, big.Blocks.Length);
        Assert.Equal(5, big.Blocks[^1].Size);
        Assert.Equal(ScannerFixture.Sha(data.AsSpan(24 * 131072)), big.Blocks[^1].Hash.ToArray());

        // Replace with a same-size file carrying the same mtime: only the inode differs.
        var mtime = _f.Fs.Lstat("big").Modified;
        var replacement = Path.Combine(_root.Path, "replacement");
        data[0] ^= 0xFF;
        File.WriteAllBytes(replacement, data);
        _f.Fs.SetPermissions("replacement", 0x1A0);
        _f.Fs.SetModified("replacement", mtime);
        File.Move(replacement, path, overwrite: true);
        var replaced = _f.Fs.Lstat("big");
        Assert.Equal((mtime, big.Size), (replaced.Modified, replaced.Size));
        Assert.NotEqual(big.LocalInode, replaced.Inode);

        var result = await _f.ScanAsync();

        Assert.Equal(1, result.Changed);
        Assert.Equal(ScannerFixture.Sha(data.AsSpan(0, 131072)), _f.Local("big").Blocks[0].Hash.ToArray());
    }
}
