using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Compression;

namespace Syncthing.Engine.Tests.Protocol.Compression;

public class Lz4MessageTests
{
    // Appendix A10: 200 x 'A' wrapped as Syncthing sends it.
    private static readonly byte[] A10 = Convert.FromHexString("000000C81F410100AF504141414141");

    private static byte[] Wrap(uint declared, string blockHex)
    {
        var block = Convert.FromHexString(blockHex);
        var message = new byte[4 + block.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(message, declared);
        block.CopyTo(message, 4);
        return message;
    }

    [Fact]
    public void A10_Decompress_Gives200A()
    {
        using var decoded = Lz4Message.Decompress(A10);
        Assert.Equal(Enumerable.Repeat((byte)'A', 200).ToArray(), decoded.Memory.ToArray());
    }

    [Fact]
    public void A10_OurEncodingOf200A_IsTheSameBytesAndDecodesBack()
    {
        var input = Enumerable.Repeat((byte)'A', 200).ToArray();
        var buffer = new byte[Lz4Message.MaxCompressedLength(input.Length)];
        var written = Lz4Message.Compress(input, buffer);
        Assert.Equal(A10, buffer[..written]);

        var output = new byte[200];
        Assert.Equal(200, Lz4Message.Decompress(buffer.AsSpan(0, written), output, Lz4Message.DefaultMaxDecompressedLength));
        Assert.Equal(input, output);
    }

    [Fact]
    public void TryCompress_Compressible_FitsLimitAndRoundTrips()
    {
        var input = Lz4TestData.Mixed(10_000, 7);
        var buffer = new byte[Lz4Message.CompressionLimit(input.Length)];
        Assert.True(Lz4Message.TryCompress(input, buffer, out var written));
        Assert.InRange(written, 5, Lz4Message.CompressionLimit(input.Length));
        Assert.Equal(input.Length, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(buffer));
        using var decoded = Lz4Message.Decompress(buffer.AsSpan(0, written));
        Assert.Equal(input, decoded.Memory.ToArray());
    }

    [Theory]
    [InlineData(128)]
    [InlineData(4096)]
    [InlineData(100_000)]
    public void TryCompress_Incompressible_ReportsNotWorthIt(int length)
    {
        var input = Lz4TestData.Random(length, length);
        Assert.False(Lz4Message.TryCompress(input, new byte[Lz4Message.MaxCompressedLength(length)], out var written));
        Assert.Equal(0, written);
        Assert.False(Lz4Message.TryCompress(input, out var owner));
        Assert.Null(owner);
    }

    [Theory]
    [InlineData(50, false)]
    [InlineData(300, true)]
    public void TryCompress_DecidesByTheNMinusNOver32Limit(int runLength, bool expected)
    {
        // Random data with one byte run: the run decides whether the n/32 saving is reached.
        var input = Lz4TestData.Random(3200, 9);
        input.AsSpan(0, runLength).Fill(7);
        var full = new byte[Lz4Message.MaxCompressedLength(input.Length)];
        var unconditional = Lz4Message.Compress(input, full);
        Assert.Equal(expected, unconditional <= Lz4Message.CompressionLimit(input.Length));
        Assert.Equal(expected, Lz4Message.TryCompress(input, new byte[full.Length], out var written));
        Assert.Equal(expected ? unconditional : 0, written);
    }

    [Fact]
    public void TryCompress_Pooled_ReturnsExactlySizedOwnedPayload()
    {
        var input = Lz4TestData.Mixed(50_000, 8);
        Assert.True(Lz4Message.TryCompress(input, out var owner));
        using (owner)
        {
            var expected = new byte[Lz4Message.MaxCompressedLength(input.Length)];
            var length = Lz4Message.Compress(input, expected);
            Assert.Equal(expected[..length], owner.Memory.ToArray());
            using var decoded = Lz4Message.Decompress(owner.Memory.Span);
            Assert.Equal(input, decoded.Memory.ToArray());
        }
    }

    [Fact]
    public void Decompress_EmptyPayload_AcceptsBothEncodings()
    {
        using var a = Lz4Message.Decompress(Wrap(0, "00"));
        using var b = Lz4Message.Decompress(Wrap(0, ""));
        Assert.Equal(0, a.Memory.Length);
        Assert.Equal(0, b.Memory.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("000000")]
    public void Decompress_ShorterThanPrefix_Throws(string hex) =>
        Assert.Throws<BepProtocolException>(() => Lz4Message.Decompress(Convert.FromHexString(hex)));

    [Theory]
    [InlineData(0x80000000u)] // negative as int32
    [InlineData(0xFFFFFFFFu)]
    [InlineData(500_000_001u)]
    public void Decompress_DeclaredLengthOverLimit_Throws(uint declared)
    {
        var ex = Assert.Throws<BepProtocolException>(() => Lz4Message.Decompress(Wrap(declared, "1F410100AF504141414141")));
        Assert.Contains("limit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decompress_CallerLimit_IsHonoured()
    {
        Assert.Throws<BepProtocolException>(() => Lz4Message.Decompress(A10, 199));
        using var ok = Lz4Message.Decompress(A10, 200);
        Assert.Equal(200, ok.Memory.Length);
    }

    [Fact]
    public void Decompress_DeclaredBeyondExpansionBound_ThrowsBeforeAllocating()
    {
        // 10 bytes of block can expand to at most 2550 bytes; claiming 400 MB must not allocate 400 MB.
        var message = Wrap(400_000_000, "F0FFFFFFFFFFFFFFFF00");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<BepProtocolException>(() => Lz4Message.Decompress(message));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("impossible", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");

        Assert.Throws<BepProtocolException>(() => Lz4Message.Decompress(Wrap(2551, "F0FFFFFFFFFFFFFFFF00")));
    }

    [Fact]
    public void MaxExpansionRatio_IsReachedByTheDensestBlock()
    {
        // A literal then a match whose length bytes are all 255: output approaches 255 x input, never above.
        var block = new byte[10_000];
        block[0] = 0x1F;
        block[1] = (byte)'A';
        block[2] = 1;
        block.AsSpan(4, block.Length - 10).Fill(255);
        block[^6] = 254;
        block[^5] = 0x40;
        block.AsSpan(block.Length - 4).Fill((byte)'A');
        var declared = 1 + 4 + 15 + (255 * (block.Length - 10)) + 254 + 4;
        var message = new byte[4 + block.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(message, declared);
        block.CopyTo(message, 4);

        using var decoded = Lz4Message.Decompress(message);
        Assert.Equal(declared, decoded.Memory.Length);
        Assert.True(declared <= Lz4Message.MaxExpansionRatio * block.Length);
        Assert.True(declared > (Lz4Message.MaxExpansionRatio - 1) * block.Length);
    }

    [Theory]
    [InlineData(199u, "overflow")]
    [InlineData(201u, "declared")]
    [InlineData(1000u, "declared")]
    public void Decompress_DecodedSizeDiffersFromDeclared_Throws(uint declared, string reason)
    {
        var ex = Assert.Throws<BepProtocolException>(() => Lz4Message.Decompress(Wrap(declared, "1F410100AF504141414141")));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decompress_IntoSpan_TooSmallDestination_IsCallerError()
    {
        Assert.Throws<ArgumentException>(() =>
            Lz4Message.Decompress(A10, new byte[100], Lz4Message.DefaultMaxDecompressedLength));
    }

    [Fact]
    public void ReadDecompressedLength_ValidPrefix_ReturnsIt() =>
        Assert.Equal(200, Lz4Message.ReadDecompressedLength(A10, Lz4Message.DefaultMaxDecompressedLength));
}
