using Syncthing.Engine.Scanner;

namespace Syncthing.Engine.Tests.Scanner;

public class BlockHasherChangeTests
{
    private const int BlockSize = 16 * 1024;

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    private static byte[] Data(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 31)).ToArray();

    [Fact]
    public async Task HashAsync_StreamShrinksDuringReads_ReportsShrunkAndNoBlocks()
    {
        var data = Data(10 * BlockSize);
        var stream = new ResizingStream(data, 4 * BlockSize, resizeAfterReads: 2);
        var result = await new BlockHasher(new BlockHasherOptions()).HashAsync(
            new StreamBlockSource(stream), data.Length, BlockSize, null, Timeout);

        Assert.True(result.SizeChanged);
        Assert.Equal(FileSizeChange.Shrunk, result.Change);
        Assert.Equal(data.Length, result.ExpectedSize);
        Assert.Throws<InvalidOperationException>(() => result.Blocks);
    }

    [Fact]
    public async Task HashAsync_StreamGrowsDuringReads_ReportsGrew()
    {
        var data = Data(10 * BlockSize);
        var stream = new ResizingStream(data, 12 * BlockSize, resizeAfterReads: 3);
        var result = await new BlockHasher(new BlockHasherOptions()).HashAsync(
            new StreamBlockSource(stream), data.Length, BlockSize, null, Timeout);

        Assert.Equal(FileSizeChange.Grew, result.Change);
        Assert.Throws<InvalidOperationException>(() => result.Blocks);
    }

    [Fact]
    public async Task HashAsync_EmptyFileThatGrew_ReportsGrew()
    {
        var result = await new BlockHasher(new BlockHasherOptions()).HashAsync(
            new MemoryBlockSource(new byte[5]), 0, BlockSize, null, Timeout);
        Assert.Equal(FileSizeChange.Grew, result.Change);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task HashAsync_SourceShorterThanExpected_ReportsShrunk(int workers)
    {
        var data = Data(40 * BlockSize);
        var hasher = new BlockHasher(new BlockHasherOptions { Workers = workers, MinBlocksPerWorker = 2 });
        var result = await hasher.HashAsync(new MemoryBlockSource(data), data.Length + 1, BlockSize, null, Timeout);
        Assert.Equal(FileSizeChange.Shrunk, result.Change);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task HashAsync_SourceLongerThanExpected_ReportsGrew(int workers)
    {
        var data = Data(40 * BlockSize);
        var hasher = new BlockHasher(new BlockHasherOptions { Workers = workers, MinBlocksPerWorker = 2 });
        var result = await hasher.HashAsync(new MemoryBlockSource(data), data.Length - 1, BlockSize, null, Timeout);
        Assert.Equal(FileSizeChange.Grew, result.Change);
    }

    [Fact]
    public async Task HashAsync_AlreadyCancelled_ThrowsWithoutReading()
    {
        var source = new HookedSource(Data(BlockSize), 0, () => { }, concurrent: true);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new BlockHasher(new BlockHasherOptions()).HashAsync(source, BlockSize, BlockSize, null, cts.Token));
        Assert.Equal(0, source.Reads);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task HashAsync_CancelledMidway_ThrowsAndStopsReading(int workers)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
        var data = Data(200 * BlockSize);
        var source = new HookedSource(data, 10, cts.Cancel, concurrent: true);
        var hasher = new BlockHasher(new BlockHasherOptions { Workers = workers, MinBlocksPerWorker = 2 });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            hasher.HashAsync(source, data.Length, BlockSize, null, cts.Token));
        // Each worker notices at its next block: far fewer than 200 reads happen.
        Assert.True(source.Reads < 10 + workers + 1, $"{source.Reads} reads after cancellation");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task HashAsync_ReadFails_PropagatesIOException(int workers)
    {
        var data = Data(40 * BlockSize);
        var hasher = new BlockHasher(new BlockHasherOptions { Workers = workers, MinBlocksPerWorker = 2 });
        await Assert.ThrowsAsync<IOException>(() =>
            hasher.HashAsync(new FailingSource(data, 13L * BlockSize), data.Length, BlockSize, null, Timeout));
    }
}
