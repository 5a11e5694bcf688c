using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Benchmarks;

/// <summary>
/// BEP framing: <see cref="FrameCodec.Encode"/> (marshal + LZ4 when worth it + header) and
/// <see cref="FrameCodec.ReadAsync"/> (header, length checks, decompress, parse) from a MemoryStream, for a
/// 1000-file Index (compressed, default "metadata" mode) and a 128 KiB Response (never compressed in that mode).
/// </summary>
[MemoryDiagnoser]
public class FrameBenchmarks
{
    private IMessage _index = null!;
    private IMessage _response = null!;
    private MemoryStream _indexFrame = null!;
    private MemoryStream _responseFrame = null!;

    [GlobalSetup]
    public void Setup()
    {
        _index = BenchData.IndexMessage(files: 1000, seed: 7);
        _response = BenchData.BlockResponse(seed: 8);
        _indexFrame = FrameStream(_index);
        _responseFrame = FrameStream(_response);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _indexFrame.Dispose();
        _responseFrame.Dispose();
    }

    [Benchmark]
    public int EncodeIndex()
    {
        using var frame = FrameCodec.Encode(_index, CompressionMode.Metadata);
        return frame.Length;
    }

    [Benchmark]
    public int EncodeResponse()
    {
        using var frame = FrameCodec.Encode(_response, CompressionMode.Metadata);
        return frame.Length;
    }

    [Benchmark]
    public async Task<int> ReadIndex()
    {
        _indexFrame.Position = 0;
        var message = await FrameCodec.ReadAsync(_indexFrame, BepLimits.MaxMessageLength, CancellationToken.None).ConfigureAwait(false);
        return message.WireLength;
    }

    [Benchmark]
    public async Task<int> ReadResponse()
    {
        _responseFrame.Position = 0;
        var message = await FrameCodec.ReadAsync(_responseFrame, BepLimits.MaxMessageLength, CancellationToken.None).ConfigureAwait(false);
        return message.WireLength;
    }

    private static MemoryStream FrameStream(IMessage message)
    {
        using var frame = FrameCodec.Encode(message, CompressionMode.Metadata);
        return new MemoryStream(frame.Buffer.AsSpan(0, frame.Length).ToArray(), writable: false);
    }
}
