using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Scanner;

/// <summary>
/// Cuts a file into blocks and computes each block's SHA-256 and (optionally) Adler-32 (brief §4.2): the block list
/// of a FileInfo.
/// </summary>
/// <remarks>
/// <para>
/// Contract with the caller (the scanner): stat the file, pass its size as <c>expectedSize</c>, hash, then stat
/// again. Publish the blocks only when the result is not <see cref="BlockHashResult.SizeChanged"/> and the second
/// stat still shows the same size and modification time; otherwise discard everything and rescan the file later.
/// The hasher itself detects a file that ends early (<see cref="FileSizeChange.Shrunk"/>) or has bytes past the
/// expected end (<see cref="FileSizeChange.Grew"/>); a same-size rewrite can only be caught by the caller's re-stat.
/// </para>
/// <para>
/// Files with enough blocks are split into contiguous block ranges hashed by up to
/// <see cref="BlockHasherOptions.Workers"/> thread-pool workers, each with its own rented buffer and positional
/// reads; other files are hashed sequentially on the calling thread. Either way the result is identical. Per
/// block, nothing is allocated: hashes are written into one array allocated per file.
/// </para>
/// </remarks>
internal sealed class BlockHasher
{
    /// <summary>Bytes in a SHA-256 digest.</summary>
    public const int HashSize = 32;

    // Every hash lives in one byte[] of blockCount × 32 bytes.
    private const long MaxBlocks = 0x7FFFFFC7 / HashSize; // Array.MaxLength / HashSize

    private readonly BlockHasherOptions _options;

    public BlockHasher(BlockHasherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Workers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MinBlocksPerWorker);
        ArgumentNullException.ThrowIfNull(options.BufferPool);
        _options = options;
    }

    /// <summary>
    /// Hashes the first <paramref name="expectedSize"/> bytes of <paramref name="source"/> in blocks of
    /// <paramref name="blockSize"/> bytes (normally <see cref="BlockSizeRule.ForFileSize"/>; any size from 1 byte to
    /// 16 MiB is accepted). An empty file yields exactly one block {offset 0, size 0, SHA-256(""), weak 0}.
    /// </summary>
    /// <param name="onBytesHashed">
    /// Called after each block with that block's length. With several workers it is called from several threads
    /// at once, so it must be thread-safe (e.g. <see cref="Interlocked.Add(ref long, long)"/>).
    /// </param>
    /// <param name="cancellationToken">Checked before each block; cancellation throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="IOException">A read failed (propagated from the source).</exception>
    public async Task<BlockHashResult> HashAsync(
        IBlockSource source, long expectedSize, int blockSize, Action<long>? onBytesHashed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockSize, BlockSizeRule.MaxBlockSize);
        var blockCount = BlockSizeRule.BlockCount(expectedSize, blockSize);
        if (blockCount > MaxBlocks)
        {
            throw new ArgumentOutOfRangeException(nameof(blockSize), $"{expectedSize} bytes in blocks of {blockSize} is too many blocks.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var job = new Job(source, expectedSize, blockSize, (int)blockCount, _options, onBytesHashed);
        var workers = WorkerCount(source, blockCount);
        if (workers <= 1)
        {
            job.HashRange(0, job.BlockCount, cancellationToken);
        }
        else
        {
            await RunParallelAsync(job, workers, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return job.Finish();
    }

    /// <summary>How many workers hash a file of <paramref name="blockCount"/> blocks from <paramref name="source"/>.</summary>
    internal int WorkerCount(IBlockSource source, long blockCount) =>
        source.SupportsConcurrentReads ? (int)Math.Max(1, Math.Min(_options.Workers, blockCount / _options.MinBlocksPerWorker)) : 1;

    private static async Task RunParallelAsync(Job job, int workers, CancellationToken cancellationToken)
    {
        // One worker that fails or sees the file shrink stops the others through this token.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new Task[workers];
        var perWorker = job.BlockCount / workers;
        var extra = job.BlockCount % workers;
        var first = 0;
        for (var w = 0; w < workers; w++)
        {
            var start = first;
            var end = start + perWorker + (w < extra ? 1 : 0);
            first = end;
            tasks[w] = Task.Run(
                () =>
                {
                    try
                    {
                        job.HashRange(start, end, stop.Token);
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        // Stopped by the caller or a sibling; the outcome is decided after all workers end.
                    }
                    catch
                    {
                        stop.Cancel();
                        throw;
                    }

                    if (job.SizeChange != FileSizeChange.None)
                    {
                        stop.Cancel();
                    }
                },
                CancellationToken.None);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>State of hashing one file, shared by its workers; each worker writes only its own block range.</summary>
    private sealed class Job
    {
        private readonly IBlockSource _source;
        private readonly long _size;
        private readonly int _blockSize;
        private readonly BlockHasherOptions _options;
        private readonly Action<long>? _onBytesHashed;
        private readonly byte[] _hashes;
        private readonly BlockRef[] _blocks;
        private int _sizeChange;

        public Job(IBlockSource source, long size, int blockSize, int blockCount, BlockHasherOptions options, Action<long>? onBytesHashed)
        {
            _source = source;
            _size = size;
            _blockSize = blockSize;
            _options = options;
            _onBytesHashed = onBytesHashed;
            BlockCount = blockCount;
            _hashes = new byte[blockCount * HashSize];
            _blocks = new BlockRef[blockCount];
        }

        public int BlockCount { get; }

        public FileSizeChange SizeChange => (FileSizeChange)Volatile.Read(ref _sizeChange);

        public void HashRange(int first, int end, CancellationToken cancellationToken)
        {
            var bufferSize = (int)Math.Max(1, Math.Min(_blockSize, _size));
            var buffer = _options.BufferPool.Rent(bufferSize);
            try
            {
                for (var index = first; index < end; index++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var offset = (long)index * _blockSize;
                    var length = (int)Math.Min(_blockSize, _size - offset);
                    var data = buffer.AsSpan(0, length);
                    if (!ReadFully(offset, data))
                    {
                        Interlocked.CompareExchange(ref _sizeChange, (int)FileSizeChange.Shrunk, (int)FileSizeChange.None);
                        return;
                    }

                    var hash = _hashes.AsMemory(index * HashSize, HashSize);
                    SHA256.HashData(data, hash.Span);
                    // An empty file's single block carries weak hash 0, as 1.19 sends it (not Adler-32("") = 1).
                    var weak = _options.UseWeakHashes && length > 0 ? Adler32.Compute(data) : 0;
                    _blocks[index] = new BlockRef(offset, length, hash, weak);
                    _onBytesHashed?.Invoke(length);
                }
            }
            finally
            {
                _options.BufferPool.Return(buffer);
            }
        }

        public BlockHashResult Finish()
        {
            if (SizeChange == FileSizeChange.None)
            {
                Span<byte> probe = stackalloc byte[1];
                if (_source.Read(_size, probe) > 0)
                {
                    _sizeChange = (int)FileSizeChange.Grew;
                }
            }

            return SizeChange == FileSizeChange.None
                ? BlockHashResult.Complete(_size, ImmutableCollectionsMarshal.AsImmutableArray(_blocks))
                : BlockHashResult.Changed(_size, SizeChange);
        }

        /// <summary>Fills <paramref name="data"/> from <paramref name="offset"/>; false when the file ends first.</summary>
        private bool ReadFully(long offset, Span<byte> data)
        {
            while (!data.IsEmpty)
            {
                var read = _source.Read(offset, data);
                if (read <= 0)
                {
                    return false;
                }

                offset += read;
                data = data[read..];
            }

            return true;
        }
    }
}
