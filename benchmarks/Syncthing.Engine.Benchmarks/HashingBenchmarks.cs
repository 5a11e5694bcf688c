using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Syncthing.Engine.Scanner;

namespace Syncthing.Engine.Benchmarks;

/// <summary>
/// Block hashing of one 64 MiB file held in memory (so the disk is out of the picture): the full hasher with 1 and
/// 2 workers, against bare SHA-256 and bare Adler-32 over the same bytes in 128 KiB blocks.
/// </summary>
[MemoryDiagnoser]
public class HashingBenchmarks
{
    private const int FileSize = 64 * 1024 * 1024;

    private byte[] _file = [];
    private MemoryBlockSource _source = null!;
    private BlockHasher _oneWorker = null!;
    private BlockHasher _twoWorkers = null!;
    private int _blockSize;

    [GlobalSetup]
    public void Setup()
    {
        _file = BenchData.RandomBytes(FileSize, seed: 1);
        _source = new MemoryBlockSource(_file);
        _oneWorker = new BlockHasher(new BlockHasherOptions { Workers = 1 });
        _twoWorkers = new BlockHasher(new BlockHasherOptions { Workers = 2 });
        _blockSize = BlockSizeRule.ForFileSize(FileSize);
    }

    [Benchmark]
    [Arguments(1)]
    [Arguments(2)]
    public async Task<int> BlockHasher64MiB(int workers)
    {
        var hasher = workers == 1 ? _oneWorker : _twoWorkers;
        var result = await hasher.HashAsync(_source, FileSize, _blockSize, null, CancellationToken.None).ConfigureAwait(false);
        return result.Blocks.Length;
    }

    /// <summary>The machine's limit for one core: SHA-256 with no reading, copying or weak hash.</summary>
    [Benchmark]
    public byte Sha256Only64MiB()
    {
        Span<byte> digest = stackalloc byte[32];
        byte acc = 0;
        for (var offset = 0; offset < _file.Length; offset += _blockSize)
        {
            SHA256.HashData(_file.AsSpan(offset, Math.Min(_blockSize, _file.Length - offset)), digest);
            acc ^= digest[0];
        }

        return acc;
    }

    [Benchmark]
    public uint Adler32Only64MiB()
    {
        uint acc = 0;
        for (var offset = 0; offset < _file.Length; offset += _blockSize)
        {
            acc ^= Adler32.Compute(_file.AsSpan(offset, Math.Min(_blockSize, _file.Length - offset)));
        }

        return acc;
    }
}
