using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Compression;

namespace Syncthing.Engine.Tests.Protocol.Compression;

public class Lz4BlockTests
{
    private static byte[] Compress(byte[] input)
    {
        var block = new byte[Lz4Block.MaxCompressedLength(input.Length)];
        var written = Lz4Block.Compress(input, block);
        Assert.True(written > 0);
        return block[..written];
    }

    private static byte[] Decompress(byte[] block, int length)
    {
        var output = new byte[length];
        Assert.Equal(length, Lz4Block.Decompress(block, output));
        return output;
    }

    private static void AssertRoundTrip(byte[] input)
    {
        var block = Compress(input);
        Assert.Equal(input, Decompress(block, input.Length));
        AssertEndRules(block, input.Length);
    }

    /// <summary>Walks the block's sequences and checks the LZ4 end rules that strict decoders rely on.</summary>
    private static void AssertEndRules(byte[] block, int outputLength)
    {
        int ip = 0, op = 0;
        while (true)
        {
            int token = block[ip++];
            var literals = token >> 4;
            if (literals == 15)
            {
                int b;
                do
                {
                    literals += b = block[ip++];
                }
                while (b == 255);
            }

            ip += literals;
            op += literals;
            if (ip == block.Length)
            {
                Assert.Equal(outputLength, op);
                Assert.True(outputLength < Lz4Block.MinInputForMatch || literals >= Lz4Block.LastLiterals,
                    "the last 5 bytes must be literals");
                return;
            }

            Assert.True(op < outputLength - Lz4Block.MatchFindLimit, $"match starts at {op}, within the last 12 bytes");
            ip += 2;
            var match = token & 15;
            if (match == 15)
            {
                int b;
                do
                {
                    match += b = block[ip++];
                }
                while (b == 255);
            }

            op += match + Lz4Block.MinMatch;
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(17)]
    [InlineData(300)]
    public void Compress_EdgeLengthsOfRepeatedByte_RoundTrip(int length)
    {
        var input = new byte[length];
        input.AsSpan().Fill((byte)'z');
        AssertRoundTrip(input);
    }

    [Fact]
    public void Compress_Empty_IsSingleZeroToken() => Assert.Equal(new byte[] { 0 }, Compress([]));

    [Fact]
    public void Compress_OneByte_IsSingleLiteral() => Assert.Equal(new byte[] { 0x10, 0x78 }, Compress("x"u8.ToArray()));

    [Fact]
    public void Compress_TwelveBytes_AllLiterals() =>
        Assert.Equal([0xC0, .. "aaaaaaaaaaaa"u8.ToArray()], Compress("aaaaaaaaaaaa"u8.ToArray()));

    [Fact]
    public void Compress_ThirteenBytesRepeated_HasNoMatchAndRoundTrips()
    {
        // 13 bytes: the only legal match start is 0, which has nothing before it, so all literals.
        var block = Compress("aaaaaaaaaaaaa"u8.ToArray());
        Assert.Equal(0xD0, block[0]);
        Assert.Equal(14, block.Length);
    }

    [Theory]
    [InlineData(1000, 1)]
    [InlineData(65_536, 2)]
    [InlineData(300_000, 3)]
    public void Compress_RandomData_RoundTripsWithinBound(int length, int seed)
    {
        var input = Lz4TestData.Random(length, seed);
        var block = Compress(input);
        Assert.True(block.Length <= Lz4Block.MaxCompressedLength(length));
        Assert.Equal(input, Decompress(block, length));
    }

    [Theory]
    [InlineData(100, 10)]
    [InlineData(4096, 11)]
    [InlineData(70_000, 12)]
    [InlineData(1_000_000, 13)]
    public void Compress_MixedData_RoundTripsAndObeysEndRules(int length, int seed) =>
        AssertRoundTrip(Lz4TestData.Mixed(length, seed));

    [Fact]
    public void Compress_HighlyCompressible_ShrinksNearMaximumRatio()
    {
        var input = new byte[1_000_000];
        var block = Compress(input);
        Assert.True(block.Length < 1_000_000 / 250, $"{block.Length} bytes");
        Assert.Equal(input, Decompress(block, input.Length));
    }

    [Fact]
    public void Compress_SixteenMiB_RoundTrips()
    {
        var input = Lz4TestData.Mixed(16 * 1024 * 1024, 16);
        var block = Compress(input);
        Assert.True(block.Length < input.Length);
        Assert.Equal(input, Decompress(block, input.Length));
    }

    [Fact]
    public void Compress_DestinationTooSmall_ReturnsZero()
    {
        var input = Lz4TestData.Random(1000, 4);
        Assert.Equal(0, Lz4Block.Compress(input, new byte[999]));
        Assert.Equal(0, Lz4Block.Compress([], Span<byte>.Empty));
    }

    [Theory]
    // "ab", match offset 2 length 10 -> ababababababab..., then 5 literals.
    [InlineData("26 61 62 0200 50 7a7a7a7a7a", "ababababababzzzzz")]
    // "abc", match offset 3 length 4+15+7 = 26 (chunked copy path), then 5 literals.
    [InlineData("3f 616263 0300 07 50 2e2e2e2e2e", "abcabcabcabcabcabcabcabcabcab.....")]
    // "q", match offset 1 length 8 (fill path), then an empty final literal run.
    [InlineData("14 71 0100 00", "qqqqqqqqq")]
    // Non-overlapping copy: "wxyz" then offset 4 length 4.
    [InlineData("40 7778797a 0400 00", "wxyzwxyz")]
    public void Decompress_OverlappingAndAdjacentMatches(string blockHex, string expected)
    {
        var block = Convert.FromHexString(blockHex.Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes(expected), Decompress(block, expected.Length));
    }

    [Fact]
    public void Decompress_LargerDestination_ReturnsBytesWritten()
    {
        var block = Convert.FromHexString("1F410100AF504141414141");
        var output = new byte[1000];
        Assert.Equal(200, Lz4Block.Decompress(block, output));
    }

    [Theory]
    [InlineData("", 10, "missing token")]
    [InlineData("10 41 0000 50 4141414141", 100, "offset 0")]
    [InlineData("10 41 0200 50 4141414141", 100, "before start")]
    [InlineData("50 4141414141", 4, "overflow")]
    [InlineData("1F 41 0100 AF 50 4141414141", 199, "overflow")]
    [InlineData("1F 41 01", 500, "truncated")]
    [InlineData("1F 41 0100", 500, "truncated")]
    [InlineData("F0", 500, "truncated")]
    [InlineData("F0 FFFF", 5000, "past end")]
    [InlineData("F0 0A", 5000, "past end")]
    [InlineData("0F 0100", 5000, "before start")]
    [InlineData("50 4141", 500, "past end")]
    [InlineData("F0 FFFFFFFF 00 41", 5000, "past end")]
    [InlineData("1F 41 0100 FFFFFFFFFFFF", 1000, "overflow")]
    // Trailing garbage after a complete 200-byte block, with the destination sized exactly.
    [InlineData("1F 41 0100 AF 50 4141414141 00", 200, "truncated")]
    [InlineData("1F 41 0100 AF 50 4141414141 0001 00", 200, "before start")]
    [InlineData("1F 41 0100 AF 50 4141414141 0100 00", 200, "overflow")]
    public void Decompress_MalformedBlock_ThrowsBepProtocolException(string blockHex, int capacity, string reason)
    {
        var block = Convert.FromHexString(blockHex.Replace(" ", "", StringComparison.Ordinal));
        var ex = Assert.Throws<BepProtocolException>(() => Lz4Block.Decompress(block, new byte[capacity]));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decompress_HugeLengthExtension_FailsWithoutReadingItAll()
    {
        // A token followed by ~1 MB of 0xFF length bytes: rejected as soon as the running length passes the input.
        var block = new byte[1_000_000];
        block.AsSpan().Fill(0xFF);
        Assert.Throws<BepProtocolException>(() => Lz4Block.Decompress(block, new byte[100]));
    }

    [Fact]
    public void MaxCompressedLength_NegativeOrHuge_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Lz4Block.MaxCompressedLength(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Lz4Block.MaxCompressedLength(Lz4Block.MaxInputLength + 1));
        Assert.Equal(16, Lz4Block.MaxCompressedLength(0));
    }
}
