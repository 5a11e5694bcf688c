using System.Security.Cryptography;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Tests.Protocol;

/// <summary>Decodes a compressed Index frame captured from real Syncthing 1.19.2 (see testdata/README.md).</summary>
public class GoldenFrameTests
{
    private static byte[] Frame() =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Protocol", "testdata", "syncthing-1.19.2-index-0.bin"));

    [Fact]
    public async Task DecodesTheLz4IndexRealSyncthingSent()
    {
        var bytes = Frame();
        Assert.Equal(new byte[] { 0, 4, 0x08, 0x01, 0x10, 0x01 }, bytes[..6]); // header: type Index, compression LZ4
        using var stream = new MemoryStream(bytes);
        var message = await FrameCodec.ReadAsync(stream, BepLimits.MaxMessageLength, default);

        Assert.True(message.Compressed);
        Assert.Equal(stream.Length, stream.Position);
        var index = Assert.IsType<Syncthing.Engine.Protocol.Wire.Index>(message.Body);
        Assert.Equal("probe", index.Folder);
        Assert.True(index.Files.Count >= 200, $"{index.Files.Count} files");
        Assert.All(index.Files, f => Assert.Null(FileInfoValidator.Validate(f)));
        Assert.Equal(index.Files.Count, index.Files.Select(f => f.Sequence).Distinct().Count());

        var empty = index.Files.Where(f => f.Type == FileInfoType.File && f.Size == 0).ToList();
        Assert.Equal(5, empty.Count);
        Assert.All(empty, f =>
        {
            var block = Assert.Single(f.Blocks);
            Assert.Equal(SHA256.HashData([]), block.Hash.ToByteArray());
            Assert.Equal(131072, f.BlockSize);
        });

        var big = Assert.Single(index.Files, f => f.Name == "big.bin");
        Assert.Equal(12 * 1024 * 1024 + 12345, big.Size);
        Assert.Equal(97, big.Blocks.Count);
        Assert.Equal(448u, big.Permissions); // 0700
        Assert.Contains(index.Files, f => f.Type == FileInfoType.Directory && f.Name == "dir00/inner");
    }

    [Fact]
    public async Task ReencodingTheDecodedIndexRoundTrips()
    {
        using var stream = new MemoryStream(Frame());
        var original = (await FrameCodec.ReadAsync(stream, BepLimits.MaxMessageLength, default)).Body;
        using var ours = FrameCodec.Encode(original, CompressionMode.Metadata);
        using var again = new MemoryStream(ours.Memory.ToArray());
        var decoded = await FrameCodec.ReadAsync(again, BepLimits.MaxMessageLength, default);
        Assert.True(decoded.Compressed);
        Assert.Equal(original, decoded.Body);
    }
}
