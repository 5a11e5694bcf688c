using System.Globalization;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Syncthing.Engine.Protocol.Compression;

namespace Syncthing.Engine.Benchmarks;

/// <summary>
/// Syncthing's LZ4 message wrapper on three payloads: a marshalled 1000-file Index (the metadata case that is
/// compressed by default), a 128 KiB block of random bytes (incompressible data) and a 128 KiB block of log-like text.
/// Destinations are preallocated, so the allocation column shows the codec's own allocations.
/// </summary>
[MemoryDiagnoser]
public class Lz4Benchmarks
{
    private byte[] _payload = [];
    private byte[] _compressed = [];
    private byte[] _compressDestination = [];
    private byte[] _decompressDestination = [];

    [Params("Index1000", "Random128K", "Text128K")]
    public string Payload { get; set; } = "Index1000";

    [GlobalSetup]
    public void Setup()
    {
        _payload = Payload switch
        {
            "Index1000" => BenchData.IndexMessage(files: 1000, seed: 7).ToByteArray(),
            "Random128K" => BenchData.RandomBytes(BenchData.BlockSize, seed: 8),
            "Text128K" => BenchData.CompressibleBytes(BenchData.BlockSize, seed: 9),
            _ => throw new InvalidOperationException(Payload),
        };
        _compressDestination = new byte[Lz4Message.MaxCompressedLength(_payload.Length)];
        var length = Lz4Message.Compress(_payload, _compressDestination);
        _compressed = _compressDestination.AsSpan(0, length).ToArray();
        _decompressDestination = new byte[_payload.Length];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// {Payload}: {_payload.Length} bytes -> {_compressed.Length} bytes ({100.0 * _compressed.Length / _payload.Length:F1} %)"));
    }

    [Benchmark]
    public int Compress() => Lz4Message.Compress(_payload, _compressDestination);

    [Benchmark]
    public int Decompress() => Lz4Message.Decompress(_compressed, _decompressDestination, _payload.Length);
}
