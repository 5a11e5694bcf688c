using System.Security.Cryptography;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Scanner;

namespace Syncthing.Engine.Tests.Scanner;

public class BlockHasherTests
{
    private const int KiB = 1024;
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly BlockHasher Sequential = new(new BlockHasherOptions { Workers = 1 });

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    private static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>The block list computed the obvious way, block by block.</summary>
    private static BlockRef[] Expected(byte[] data, int blockSize, bool weak = true)
    {
        if (data.Length == 0)
        {
            return [new BlockRef(0, 0, SHA256.HashData(ReadOnlySpan<byte>.Empty), 0)];
        }

        return Enumerable.Range(0, (data.Length + blockSize - 1) / blockSize)
            .Select(i =>
            {
                var span = data.AsSpan(i * blockSize, Math.Min(blockSize, data.Length - (i * blockSize)));
                return new BlockRef((long)i * blockSize, span.Length, SHA256.HashData(span), weak ? Adler32Tests.Reference(span) : 0);
            })
            .ToArray();
    }

    private static async Task<BlockHashResult> HashAsync(BlockHasher hasher, byte[] data, int blockSize) =>
        await hasher.HashAsync(new MemoryBlockSource(data), data.Length, blockSize, null, Timeout);

    [Fact]
    public async Task HashAsync_A7_EmptyFile_GivesExactlyOneEmptyBlock()
    {
        var result = await HashAsync(Sequential, [], 128 * KiB);

        var block = Assert.Single(result.Blocks);
        Assert.Equal(0, block.Offset);
        Assert.Equal(0, block.Size);
        Assert.Equal(0u, block.WeakHash);
        Assert.Equal(EmptySha256, Convert.ToHexStringLower(block.Hash.Span));
        Assert.False(result.SizeChanged);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(128 * KiB)]
    public async Task HashAsync_FileOfAtMostOneBlock_GivesOneBlock(int length)
    {
        var data = RandomBytes(length, length);
        var result = await HashAsync(Sequential, data, 128 * KiB);

        var block = Assert.Single(result.Blocks);
        Assert.Equal(Expected(data, 128 * KiB)[0], block);
        Assert.Equal(length, block.Size);
    }

    [Theory]
    [InlineData((128 * KiB) - 1, 1)]
    [InlineData(128 * KiB, 1)]
    [InlineData((128 * KiB) + 1, 2)]
    [InlineData((3 * 128 * KiB) - 1, 3)]
    [InlineData(3 * 128 * KiB, 3)]
    [InlineData((3 * 128 * KiB) + 1, 4)]
    public async Task HashAsync_AroundBlockBoundaries_SplitsAtBlockSize(int length, int blocks)
    {
        var data = RandomBytes(length, 7);
        var result = await HashAsync(Sequential, data, 128 * KiB);

        Assert.Equal(blocks, result.Blocks.Length);
        Assert.Equal(Expected(data, 128 * KiB), result.Blocks);
        Assert.All(result.Blocks.SkipLast(1), b => Assert.Equal(128 * KiB, b.Size));
        Assert.Equal(length - ((blocks - 1) * 128 * KiB), result.Blocks[^1].Size);
    }

    [Fact]
    public async Task HashAsync_ParallelEqualsSequential_SmallBlocks()
    {
        var data = RandomBytes((1 << 20) + 123, 11);
        var parallel = new BlockHasher(new BlockHasherOptions { Workers = 4, MinBlocksPerWorker = 8 });
        Assert.Equal(4, parallel.WorkerCount(new MemoryBlockSource(data), 257));

        var one = await HashAsync(Sequential, data, 4096);
        var many = await HashAsync(parallel, data, 4096);

        Assert.Equal(257, many.Blocks.Length);
        Assert.Equal(one.Blocks.ToArray(), many.Blocks.ToArray());
        Assert.Equal(Expected(data, 4096), many.Blocks);
    }

    [Fact]
    public async Task HashAsync_ParallelEqualsSequential_Real128KiBBlocks()
    {
        var data = RandomBytes((3 << 20) + 5, 12);
        var parallel = new BlockHasher(new BlockHasherOptions { Workers = 3, MinBlocksPerWorker = 2 });
        Assert.Equal(3, parallel.WorkerCount(new MemoryBlockSource(data), 25));

        var one = await HashAsync(Sequential, data, 128 * KiB);
        var many = await HashAsync(parallel, data, 128 * KiB);

        Assert.Equal(25, many.Blocks.Length);
        Assert.Equal(one.Blocks.ToArray(), many.Blocks.ToArray());
        Assert.Equal(Expected(data, 128 * KiB), many.Blocks);
    }

    [Fact]
    public void WorkerCount_SmallFilesAndStreams_AreSequential()
    {
        var hasher = new BlockHasher(new BlockHasherOptions { Workers = 8, MinBlocksPerWorker = 8 });
        Assert.Equal(1, hasher.WorkerCount(new MemoryBlockSource(Array.Empty<byte>()), 15));
        Assert.Equal(2, hasher.WorkerCount(new MemoryBlockSource(Array.Empty<byte>()), 16));
        Assert.Equal(8, hasher.WorkerCount(new MemoryBlockSource(Array.Empty<byte>()), 2000));
        Assert.Equal(1, hasher.WorkerCount(new StreamBlockSource(new MemoryStream()), 2000));
    }

    [Fact]
    public async Task HashAsync_ShortReads_AreLoopedUntilBlocksAreFull()
    {
        var data = RandomBytes(50_000, 3);
        var result = await Sequential.HashAsync(new TrickleSource(data, 777), data.Length, 16 * KiB, null, Timeout);
        Assert.Equal(Expected(data, 16 * KiB), result.Blocks);
    }

    [Fact]
    public async Task HashAsync_WeakHashesDisabled_AllWeakHashesZero()
    {
        var data = RandomBytes(100_000, 4);
        var hasher = new BlockHasher(new BlockHasherOptions { Workers = 1, UseWeakHashes = false });
        var result = await HashAsync(hasher, data, 16 * KiB);
        Assert.Equal(Expected(data, 16 * KiB, weak: false), result.Blocks);
    }

    [Fact]
    public async Task HashAsync_ReportsProgressPerBlock_SummingToFileSize()
    {
        var data = RandomBytes(200_000, 5);
        var parallel = new BlockHasher(new BlockHasherOptions { Workers = 2, MinBlocksPerWorker = 2 });
        long total = 0;
        var calls = 0;
        await parallel.HashAsync(new MemoryBlockSource(data), data.Length, 8 * KiB, n =>
        {
            Interlocked.Add(ref total, n);
            Interlocked.Increment(ref calls);
        }, Timeout);

        Assert.Equal(data.Length, total);
        Assert.Equal(25, calls);
    }

    [Fact]
    public async Task HashAsync_StreamSource_MatchesMemorySource()
    {
        var data = RandomBytes(300_000, 6);
        var result = await Sequential.HashAsync(new StreamBlockSource(new MemoryStream(data)), data.Length, 64 * KiB, null, Timeout);
        Assert.Equal(Expected(data, 64 * KiB), result.Blocks);
    }

    [Fact]
    public async Task HashAsync_FileHandleSource_MatchesMemorySource()
    {
        var data = RandomBytes(700_000, 8);
        var path = Path.Combine(Path.GetTempPath(), $"hasher-{Guid.NewGuid():N}.bin");
        try
        {
            await File.WriteAllBytesAsync(path, data, Timeout);
            using var handle = File.OpenHandle(path);
            var parallel = new BlockHasher(new BlockHasherOptions { Workers = 2, MinBlocksPerWorker = 2 });
            var result = await parallel.HashAsync(new FileHandleBlockSource(handle), data.Length, 32 * KiB, null, Timeout);
            Assert.Equal(Expected(data, 32 * KiB), result.Blocks);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
