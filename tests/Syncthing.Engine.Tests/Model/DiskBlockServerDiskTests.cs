using Google.Protobuf;
using Syncthing.Engine.Config;
using Syncthing.Engine.Fs.Basic;
using Syncthing.Engine.Identity;
using Syncthing.Engine.Model;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;
using Syncthing.Engine.Tests.Fs;
using Syncthing.Engine.Tests.Scanner;
using Xunit;

namespace Syncthing.Engine.Tests.Model;

/// <summary><see cref="DiskBlockServer"/> on a real directory: data, changed files, and a parent swapped for a symlink.</summary>
public sealed class DiskBlockServerDiskTests : IDisposable
{
    private static readonly DeviceId Peer = DeviceId.FromBytes(Enumerable.Repeat((byte)9, DeviceId.Length).ToArray());

    private readonly TempDirectory _dir = new();
    private readonly ScannerFixture _f;
    private readonly List<string> _rescans = [];
    private readonly FolderConfiguration _folder;

    public DiskBlockServerDiskTests()
    {
        _f = new ScannerFixture(new BasicFileSystem(_dir.Path));
        _folder = new FolderConfiguration { Id = ScannerFixture.Folder, Path = _dir.Path };
    }

    public void Dispose()
    {
        _f.Dispose();
        _dir.Dispose();
    }

    private async Task<Response> RequestBlockAsync(string name, int block)
    {
        var b = _f.Local(name).Blocks[block];
        var server = new DiskBlockServer(_f.Store, folder => new BasicFileSystem(folder.Path), (_, n) => _rescans.Add(n));
        return (await server.ServeAsync(_folder, Peer, new Request
        {
            Folder = _folder.Id,
            Name = name,
            Offset = b.Offset,
            Size = b.Size,
            Hash = ByteString.CopyFrom(b.Hash.Span),
        }, CancellationToken.None)).Response;
    }

    [Fact]
    public async Task LargeFile_AllBlocksServedAndReassembleToTheFile()
    {
        var content = ScannerFixture.Random((3 * 1024 * 1024) + 17, 1);
        Directory.CreateDirectory(Path.Combine(_dir.Path, "sub"));
        File.WriteAllBytes(Path.Combine(_dir.Path, "sub", "big.bin"), content);
        await _f.ScanAsync();

        var record = _f.Local("sub/big.bin");
        using var assembled = new MemoryStream();
        for (var i = 0; i < record.Blocks.Length; i++)
        {
            var response = await RequestBlockAsync("sub/big.bin", i);
            Assert.Equal(ErrorCode.NoError, response.Code);
            assembled.Write(response.Data.Span);
        }

        Assert.Equal(content, assembled.ToArray());
    }

    [Fact]
    public async Task Serving_blocks_reuses_pooled_buffers_instead_of_allocating_one_per_block()
    {
        const int Blocks = 64;
        File.WriteAllBytes(Path.Combine(_dir.Path, "big.bin"), ScannerFixture.Random(Blocks * 128 * 1024, 3));
        await _f.ScanAsync();
        var record = _f.Local("big.bin");
        Assert.Equal(Blocks, record.Blocks.Length);
        var server = new DiskBlockServer(_f.Store, folder => new BasicFileSystem(folder.Path));
        Task<RequestReply> Serve(BlockRef b) => server.ServeAsync(_folder, Peer, new Request
        {
            Folder = _folder.Id,
            Name = "big.bin",
            Offset = b.Offset,
            Size = b.Size,
            Hash = ByteString.CopyFrom(b.Hash.Span),
        }, CancellationToken.None);

        // Warm up (JIT, the pool's first rent), then serve every block and release each reply as a connection does.
        (await Serve(record.Blocks[0])).Dispose();
        var before = GC.GetAllocatedBytesForCurrentThread();
        long served = 0;
        foreach (var block in record.Blocks)
        {
            var task = Serve(block);
            Assert.True(task.IsCompletedSuccessfully); // Served synchronously: the allocation count is this thread's.
            using var reply = await task; // Already complete: continues on this thread.
            Assert.Equal(ErrorCode.NoError, reply.Response.Code);
            served += reply.Response.Data.Length;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(Blocks * 128L * 1024, served);
        // A copy per block would allocate at least the 8 MiB served; what remains is per-request bookkeeping (the
        // index lookup, the file handle): about 17 KB a request here.
        Assert.True(allocated < served / 4, $"allocated {allocated:N0} bytes to serve {served:N0}");
    }

    [Fact]
    public async Task FileEditedOnDiskAfterIndexing_NoSuchFileAndRescan()
    {
        var path = Path.Combine(_dir.Path, "a.txt");
        File.WriteAllBytes(path, ScannerFixture.Random(4000, 2));
        await _f.ScanAsync();
        using (var stream = File.OpenWrite(path))
        {
            stream.Write([1, 2, 3]);
        }

        Assert.Equal(ErrorCode.NoSuchFile, (await RequestBlockAsync("a.txt", 0)).Code);
        Assert.Equal(["a.txt"], _rescans);
    }

    [Fact]
    public async Task ParentDirectoryReplacedBySymlink_NoSuchFile()
    {
        var content = ScannerFixture.Random(1000, 3);
        Directory.CreateDirectory(Path.Combine(_dir.Path, "d"));
        File.WriteAllBytes(Path.Combine(_dir.Path, "d", "f"), content);
        await _f.ScanAsync();
        Assert.Equal(ErrorCode.NoError, (await RequestBlockAsync("d/f", 0)).Code);

        // The same bytes now sit outside the folder, reachable only through a symlink named like the directory.
        using var outside = new TempDirectory();
        File.WriteAllBytes(Path.Combine(outside.Path, "f"), content);
        Directory.Delete(Path.Combine(_dir.Path, "d"), recursive: true);
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "d"), outside.Path);

        var response = await RequestBlockAsync("d/f", 0);

        Assert.Equal(ErrorCode.NoSuchFile, response.Code);
        Assert.True(response.Data.IsEmpty);
    }

    [Fact]
    public async Task FileReplacedBySymlinkToIdenticalContent_NoSuchFile()
    {
        var content = ScannerFixture.Random(1000, 4);
        File.WriteAllBytes(Path.Combine(_dir.Path, "f"), content);
        await _f.ScanAsync();
        using var outside = new TempDirectory();
        File.WriteAllBytes(Path.Combine(outside.Path, "target"), content);
        File.Delete(Path.Combine(_dir.Path, "f"));
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "f"), Path.Combine(outside.Path, "target"));

        Assert.Equal(ErrorCode.NoSuchFile, (await RequestBlockAsync("f", 0)).Code);
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("directory")]
    public async Task FileReplacedByAFifoOrADirectory_NoSuchFile_WithoutBlockingOnTheFifo(string replacement)
    {
        File.WriteAllBytes(Path.Combine(_dir.Path, "f"), ScannerFixture.Random(1000, 5));
        await _f.ScanAsync();
        var path = Path.Combine(_dir.Path, "f");
        File.Delete(path);
        if (replacement == "fifo")
        {
            using var mkfifo = System.Diagnostics.Process.Start("mkfifo", path);
            Assert.True(mkfifo.WaitForExit(10_000));
            Assert.Equal(0, mkfifo.ExitCode);
        }
        else
        {
            Directory.CreateDirectory(path);
        }

        var response = await RequestBlockAsync("f", 0).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ErrorCode.NoSuchFile, response.Code);
    }
}
