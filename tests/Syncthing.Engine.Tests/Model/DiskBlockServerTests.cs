using System.Security.Cryptography;
using Google.Protobuf;
using Syncthing.Engine.Config;
using Syncthing.Engine.Fs;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Ignore;
using Syncthing.Engine.Model;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;
using Syncthing.Engine.Tests.Scanner;
using Xunit;

namespace Syncthing.Engine.Tests.Model;

/// <summary>
/// <see cref="DiskBlockServer"/> over an in-memory folder indexed by the real scanner and SQLite store: every refusal
/// code, served data, hash checks, changed files and temp files.
/// </summary>
public sealed class DiskBlockServerTests : IDisposable
{
    private const int BlockSize = 128 * 1024;

    private static readonly DeviceId Peer = DeviceId.FromBytes(Enumerable.Repeat((byte)7, DeviceId.Length).ToArray());

    private readonly ScannerFixture _f = new();
    private readonly List<(string Folder, string Name)> _rescans = [];
    private FolderConfiguration _folder = new() { Id = ScannerFixture.Folder, Path = "/unused" };
    private IgnoreMatcher? _ignores;

    public void Dispose() => _f.Dispose();

    private DiskBlockServer CreateServer() =>
        new(_f.Store, _ => _f.Fs, (folder, name) => _rescans.Add((folder, name)), _ => _ignores);

    private async Task<Response> RequestAsync(string name, long offset, int size, ReadOnlyMemory<byte> hash = default, bool fromTemporary = false, uint weakHash = 0) =>
        (await CreateServer().ServeAsync(_folder, Peer, new Request
        {
            Folder = _folder.Id,
            Name = name,
            Offset = offset,
            Size = size,
            Hash = ByteString.CopyFrom(hash.Span),
            FromTemporary = fromTemporary,
            WeakHash = weakHash,
        }, CancellationToken.None)).Response;

    private Task<Response> RequestBlockAsync(string name, int block, bool fromTemporary = false)
    {
        var b = _f.Local(name).Blocks[block];
        return RequestAsync(name, b.Offset, b.Size, b.Hash, fromTemporary);
    }

    private async Task<byte[]> IndexedFileAsync(string name, int length, int seed)
    {
        var content = ScannerFixture.Random(length, seed);
        _f.WriteFile(name, content);
        await _f.ScanAsync();
        return content;
    }

    [Fact]
    public async Task EveryBlock_ServedWithExactData()
    {
        _f.Fs.CreateDirectory("dir", 0x1ED);
        var content = await IndexedFileAsync("dir/file.bin", (2 * BlockSize) + 1000, 1);
        var record = _f.Local("dir/file.bin");
        Assert.Equal(3, record.Blocks.Length);

        foreach (var (block, index) in record.Blocks.Select((b, i) => (b, i)))
        {
            var response = await RequestBlockAsync("dir/file.bin", index);
            Assert.Equal(ErrorCode.NoError, response.Code);
            Assert.Equal(content.AsSpan((int)block.Offset, block.Size).ToArray(), response.Data.ToByteArray());
        }

        Assert.Empty(_rescans);
    }

    [Fact]
    public async Task RequestWithoutHash_ServedFromDisk()
    {
        var content = await IndexedFileAsync("a.txt", 5000, 2);
        var response = await RequestAsync("a.txt", 100, 200);
        Assert.Equal(ErrorCode.NoError, response.Code);
        Assert.Equal(content.AsSpan(100, 200).ToArray(), response.Data.ToByteArray());
    }

    [Fact]
    public async Task EmptyFile_ZeroByteRequest_AnsweredWithNoErrorAndNoData()
    {
        await IndexedFileAsync("empty", 0, 3);
        var response = await RequestBlockAsync("empty", 0);
        Assert.Equal(ErrorCode.NoError, response.Code);
        Assert.True(response.Data.IsEmpty);
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(0, -1)]
    [InlineData(0, DiskBlockServer.MaxBlockSize + 1)]
    public async Task OffsetOrSizeOutOfRange_InvalidFile(long offset, int size)
    {
        await IndexedFileAsync("a.txt", 100, 4);
        Assert.Equal(ErrorCode.InvalidFile, (await RequestAsync("a.txt", offset, size)).Code);
    }

    [Theory]
    [InlineData("a/../a.txt")]
    [InlineData("/a.txt")]
    [InlineData("./a.txt")]
    [InlineData("a//b")]
    [InlineData("..")]
    public async Task NonCanonicalName_Generic(string name)
    {
        await IndexedFileAsync("a.txt", 100, 5);
        Assert.Equal(ErrorCode.Generic, (await RequestAsync(name, 0, 10)).Code);
    }

    [Theory]
    [InlineData(".stignore")]
    [InlineData(".stfolder")]
    [InlineData(".stversions/a.txt")]
    public async Task InternalName_InvalidFile(string name)
    {
        _f.WriteFile(".stignore", "nothing");
        await IndexedFileAsync("a.txt", 100, 6);
        Assert.Equal(ErrorCode.InvalidFile, (await RequestAsync(name, 0, 5)).Code);
    }

    [Fact]
    public async Task IgnoredByCurrentPatterns_InvalidFile()
    {
        await IndexedFileAsync("secret.key", 100, 7);
        Assert.Equal(ErrorCode.NoError, (await RequestBlockAsync("secret.key", 0)).Code);

        _ignores = IgnoreMatcher.Load("*.key", _ => null).GetMatcherOrThrow();
        Assert.Equal(ErrorCode.InvalidFile, (await RequestAsync("secret.key", 0, 100)).Code);
    }

    [Fact]
    public async Task MarkedIgnoredInIndex_InvalidFile()
    {
        await IndexedFileAsync("secret.key", 100, 8);
        await _f.ScanAsync(IgnoreMatcher.Load("*.key", _ => null).GetMatcherOrThrow());
        Assert.True(_f.Local("secret.key").IsInvalid);

        Assert.Equal(ErrorCode.InvalidFile, (await RequestAsync("secret.key", 0, 100)).Code);
    }

    [Fact]
    public async Task OnDiskButNotIndexed_NoSuchFile()
    {
        await IndexedFileAsync("a.txt", 100, 9);
        _f.WriteFile("later.txt", ScannerFixture.Random(100, 10));
        Assert.Equal(ErrorCode.NoSuchFile, (await RequestAsync("later.txt", 0, 100)).Code);
        Assert.Equal(ErrorCode.NoSuchFile, (await RequestAsync("never", 0, 100)).Code);
    }

    [Fact]
    public async Task DeletedInIndex_NoSuchFile()
    {
        await IndexedFileAsync("gone.txt", 100, 11);
        _f.Fs.Remove("gone.txt");
        await _f.ScanAsync();
        Assert.True(_f.Local("gone.txt").Deleted);

        Assert.Equal(ErrorCode.NoSuchFile, (await RequestAsync("gone.txt", 0, 100)).Code);
    }

    [Fact]
    public async Task Directory_NoSuchFile()
    {
        _f.Fs.CreateDirectory("dir", 0x1ED);
        await IndexedFileAsync("dir/a", 10, 12);
        Assert.True(_f.Local("dir").IsDirectory);
        Assert.Equal(ErrorCode.NoSuchFile, (await RequestAsync("dir", 0, 10)).Code);
    }

    [Theory]
    [InlineData(0, 101)]
    [InlineData(1, 100)]
    [InlineData(100, 1)]
    [InlineData(long.MaxValue, 1)]
    public async Task RangeBeyondIndexedSize_NoSuchFile(long offset, int size)
    {
        await IndexedFileAsync("a.txt", 100, 13);
        Assert.Equal(ErrorCode.NoSuchFile, (await RequestAsync("a.txt", offset, size)).Code);
        Assert.Empty(_rescans);
    }

    [Fact]
    public async Task WrongHash_NoSuchFile_NoRescanForAHashWeNeverIndexed()
    {
        await IndexedFileAsync("a.txt", 1000, 14);
        var response = await RequestAsync("a.txt", 0, 1000, SHA256.HashData(new byte[] { 1, 2, 3 }));
        Assert.Equal(ErrorCode.NoSuchFile, response.Code);
        Assert.True(response.Data.IsEmpty);
        Assert.Empty(_rescans);
    }

    [Fact]
    public async Task MatchingWeakHash_IsAcceptedWithoutTheStrongHash_As119Does()
    {
        var content = await IndexedFileAsync("a.txt", 1000, 19);
        var block = _f.Local("a.txt").Blocks[0];
        Assert.NotEqual(0u, block.WeakHash);
        var wrongStrong = SHA256.HashData(new byte[] { 9 });

        var weakOnly = await RequestAsync("a.txt", 0, 1000, wrongStrong, weakHash: block.WeakHash);
        Assert.Equal(ErrorCode.NoError, weakOnly.Code);
        Assert.Equal(content, weakOnly.Data.ToByteArray());

        // A wrong weak hash falls back to SHA-256, which decides either way.
        var strongDecides = await RequestAsync("a.txt", 0, 1000, block.Hash, weakHash: block.WeakHash ^ 1);
        Assert.Equal(ErrorCode.NoError, strongDecides.Code);
        Assert.Equal(ErrorCode.NoSuchFile, (await RequestAsync("a.txt", 0, 1000, wrongStrong, weakHash: block.WeakHash ^ 1)).Code);
        Assert.Empty(_rescans);
    }

    [Fact]
    public async Task FileChangedOnDisk_WeakHashMismatch_NoSuchFileAndRescanRequested()
    {
        await IndexedFileAsync("a.txt", 1000, 20);
        var block = _f.Local("a.txt").Blocks[0];
        _f.WriteFile("a.txt", ScannerFixture.Random(1000, 21));

        var response = await RequestAsync("a.txt", block.Offset, block.Size, block.Hash, weakHash: block.WeakHash);

        Assert.Equal(ErrorCode.NoSuchFile, response.Code);
        Assert.Equal([(ScannerFixture.Folder, "a.txt")], _rescans);
    }

    [Fact]
    public async Task FileChangedOnDiskAfterIndexing_NoSuchFileAndRescanRequested()
    {
        await IndexedFileAsync("a.txt", 1000, 15);
        var block = _f.Local("a.txt").Blocks[0];
        _f.WriteFile("a.txt", ScannerFixture.Random(1000, 16)); // same size, different bytes, not rescanned

        var response = await RequestAsync("a.txt", block.Offset, block.Size, block.Hash);

        Assert.Equal(ErrorCode.NoSuchFile, response.Code);
        Assert.Equal([(ScannerFixture.Folder, "a.txt")], _rescans);
    }

    [Fact]
    public async Task FileTruncatedOnDiskAfterIndexing_NoSuchFileAndRescanRequested()
    {
        var content = await IndexedFileAsync("a.txt", 1000, 17);
        _f.WriteFile("a.txt", content.AsSpan(0, 500).ToArray());

        Assert.Equal(ErrorCode.NoSuchFile, (await RequestBlockAsync("a.txt", 0)).Code);
        Assert.Equal([(ScannerFixture.Folder, "a.txt")], _rescans);
    }

    [Fact]
    public async Task FileRemovedOrReplacedByDirectoryOnDisk_NoSuchFile()
    {
        await IndexedFileAsync("a.txt", 100, 18);
        var block = _f.Local("a.txt").Blocks[0];
        _f.Fs.Remove("a.txt");
        Assert.Equal(ErrorCode.NoSuchFile, (await RequestAsync("a.txt", 0, 100, block.Hash)).Code);

        _f.Fs.CreateDirectory("a.txt", 0x1ED);
        Assert.Equal(ErrorCode.NoSuchFile, (await RequestAsync("a.txt", 0, 100, block.Hash)).Code);
    }

    [Fact]
    public async Task FromTemporary_MatchingTempData_ServedFromTempFile()
    {
        await IndexedFileAsync("doc.txt", 1000, 19);
        var newer = ScannerFixture.Random(2000, 20);
        _f.WriteFile(TempNames.TempName("doc.txt", TempNames.UnixPrefix), newer);
        var hash = SHA256.HashData(newer.AsSpan(500, 1000));

        var response = await RequestAsync("doc.txt", 500, 1000, hash, fromTemporary: true);

        Assert.Equal(ErrorCode.NoError, response.Code);
        Assert.Equal(newer.AsSpan(500, 1000).ToArray(), response.Data.ToByteArray());
        Assert.Empty(_rescans);
    }

    [Fact]
    public async Task FromTemporary_NewFileNotYetIndexed_ServedFromTempFile()
    {
        var data = ScannerFixture.Random(300, 21);
        _f.WriteFile(TempNames.TempName("new.txt", TempNames.UnixPrefix), data);

        var response = await RequestAsync("new.txt", 0, 300, SHA256.HashData(data), fromTemporary: true);

        Assert.Equal(ErrorCode.NoError, response.Code);
        Assert.Equal(data, response.Data.ToByteArray());
    }

    [Fact]
    public async Task FromTemporary_TempDataDoesNotMatch_FallsThroughToRealFile()
    {
        var content = await IndexedFileAsync("doc.txt", 1000, 22);
        _f.WriteFile(TempNames.TempName("doc.txt", TempNames.UnixPrefix), ScannerFixture.Random(1000, 23));

        var response = await RequestBlockAsync("doc.txt", 0, fromTemporary: true);

        Assert.Equal(ErrorCode.NoError, response.Code);
        Assert.Equal(content, response.Data.ToByteArray());
    }

    [Fact]
    public async Task FromTemporary_NoTempFile_NoSuchFileEvenIfRealFileHasIt()
    {
        await IndexedFileAsync("doc.txt", 1000, 24);
        Assert.Equal(ErrorCode.NoSuchFile, (await RequestBlockAsync("doc.txt", 0, fromTemporary: true)).Code);
    }

    [Fact]
    public async Task FromTemporary_WithTempIndexesDisabled_ServesRealFile()
    {
        var content = await IndexedFileAsync("doc.txt", 1000, 25);
        _folder = _folder with { DisableTempIndexes = true };

        var response = await RequestBlockAsync("doc.txt", 0, fromTemporary: true);

        Assert.Equal(ErrorCode.NoError, response.Code);
        Assert.Equal(content, response.Data.ToByteArray());
    }

    [Fact]
    public async Task TempFileRequestedByItsOwnName_NoSuchFile()
    {
        var tempName = TempNames.TempName("doc.txt", TempNames.UnixPrefix);
        _f.WriteFile(tempName, ScannerFixture.Random(100, 26));
        await _f.ScanAsync();
        Assert.Equal(ErrorCode.NoSuchFile, (await RequestAsync(tempName, 0, 100)).Code);
    }

    [Fact]
    public async Task SymlinkedParentInMemory_NoSuchFile()
    {
        _f.Fs.CreateDirectory("d", 0x1ED);
        var content = await IndexedFileAsync("d/f", 100, 27);
        var block = _f.Local("d/f").Blocks[0];
        _f.Fs.CreateDirectory("elsewhere", 0x1ED);
        _f.WriteFile("elsewhere/f", content);
        _f.Fs.Remove("d/f");
        _f.Fs.Remove("d");
        _f.Fs.CreateSymlink("d", "elsewhere");

        Assert.Equal(ErrorCode.NoSuchFile, (await RequestAsync("d/f", 0, 100, block.Hash)).Code);
    }

    [Fact]
    public async Task CanceledToken_Throws()
    {
        await IndexedFileAsync("a.txt", 100, 28);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateServer().ServeAsync(
            _folder, Peer, new Request { Folder = _folder.Id, Name = "a.txt", Size = 10 }, new CancellationToken(canceled: true)));
    }
}
