using FileInfo = Syncthing.Engine.Protocol.Wire.FileInfo;
using Google.Protobuf;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Tests.Protocol;

public class FrameCodecTests
{
    [Fact]
    public void A8_PingFrameBytes()
    {
        using var frame = FrameCodec.Encode(new Ping(), CompressionMode.Metadata);
        Assert.Equal(Convert.FromHexString("0002080600000000"), frame.Memory.ToArray());
    }

    [Fact]
    public void UncompressedClusterConfigHasAnEmptyHeader()
    {
        var cc = new ClusterConfig { Folders = { new Folder { Id = "f" } } };
        using var frame = FrameCodec.Encode(cc, CompressionMode.Never);
        var bytes = frame.Memory.ToArray();
        Assert.Equal(new byte[] { 0, 0 }, bytes[..2]);
        Assert.Equal(cc.CalculateSize(), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(2)));
    }

    [Fact]
    public void RequestHeaderCarriesTypeThree()
    {
        using var frame = FrameCodec.Encode(new Request { Id = 1, Folder = "f", Name = "a", Size = 10 }, CompressionMode.Never);
        Assert.Equal(new byte[] { 0, 2, 8, 3 }, frame.Memory.ToArray()[..4]);
    }

    public static TheoryData<IMessage> AllMessages() => new()
    {
        new ClusterConfig { Folders = { new Folder { Id = "default", Label = "Default", Devices = { new Device { Id = ByteString.CopyFrom(new byte[32]), Name = "a", MaxSequence = 7, IndexId = 0xF3A0A7843A1F84C4 } } } } },
        new Syncthing.Engine.Protocol.Wire.Index { Folder = "f", Files = { SampleFile("a/b.txt") } },
        new IndexUpdate { Folder = "f", Files = { SampleFile("c") }, LastSequence = 3, PrevSequence = 2 },
        new Request { Id = 5, Folder = "f", Name = "a", Offset = 131072, Size = 131072, Hash = ByteString.CopyFrom(new byte[32]), BlockNo = 1 },
        new Response { Id = 5, Data = ByteString.CopyFrom(new byte[300]), Code = ErrorCode.NoError },
        new DownloadProgress { Folder = "f", Updates = { new FileDownloadProgressUpdate { Name = "x", BlockIndexes = { 1, 2, 3 }, BlockSize = 131072 } } },
        new Ping(),
        new Close { Reason = "bye" },
    };

    [Theory]
    [MemberData(nameof(AllMessages))]
    public async Task EveryMessageTypeRoundTripsUncompressed(IMessage message)
    {
        var decoded = await RoundTrip(message, CompressionMode.Never);
        Assert.False(decoded.Compressed);
        Assert.Equal(BepMessage.TypeOf(message), decoded.Type);
        Assert.Equal(message, decoded.Body);
    }

    [Theory]
    [MemberData(nameof(AllMessages))]
    public async Task EveryMessageTypeRoundTripsWithAlwaysCompression(IMessage message)
    {
        var decoded = await RoundTrip(message, CompressionMode.Always);
        Assert.Equal(message, decoded.Body);
    }

    [Fact]
    public async Task MetadataModeCompressesIndexButNotResponse()
    {
        var index = new Syncthing.Engine.Protocol.Wire.Index { Folder = "f" };
        for (var i = 0; i < 50; i++)
        {
            index.Files.Add(SampleFile($"dir/file{i}.txt"));
        }

        Assert.True((await RoundTrip(index, CompressionMode.Metadata)).Compressed);
        var response = new Response { Id = 1, Data = ByteString.CopyFrom(new byte[4096]) };
        Assert.False((await RoundTrip(response, CompressionMode.Metadata)).Compressed);
        Assert.True((await RoundTrip(response, CompressionMode.Always)).Compressed);
    }

    [Fact]
    public async Task IncompressibleDataIsSentPlain()
    {
        var data = new byte[4096];
        new Random(1).NextBytes(data);
        var decoded = await RoundTrip(new Response { Data = ByteString.CopyFrom(data) }, CompressionMode.Always);
        Assert.False(decoded.Compressed);
    }

    [Theory]
    [InlineData("ffff", "negative header length")]
    [InlineData("7fff", "header length over the limit")]
    [InlineData("000208010000", "truncated message length")]
    [InlineData("00020801ffffffff", "negative message length")]
    [InlineData("000208011dcd6501", "message length over 500,000,000")]
    [InlineData("0002080900000000", "unknown message type 9")]
    [InlineData("000410061002" + "00000000", "unknown compression 2")]
    [InlineData("00020800" + "00000002" + "0aff", "malformed ClusterConfig")]
    [InlineData("0002" + "0801" + "00000003" + "ffffff", "malformed Index")]
    [InlineData("0004" + "08011001" + "00000006" + "ffffffff0000", "LZ4 prefix out of range")]
    [InlineData("0003" + "ffffff", "malformed header")]
    public async Task HostileFramesRaiseTheProtocolException(string hex, string why)
    {
        using var stream = new MemoryStream(Convert.FromHexString(hex));
        var e = await Assert.ThrowsAsync<BepProtocolException>(() => FrameCodec.ReadAsync(stream, BepLimits.MaxMessageLength, default));
        Assert.False(string.IsNullOrEmpty(e.Message), why);
    }

    [Fact]
    public async Task DeclaredLengthDoesNotDriveAllocation()
    {
        // A frame that declares 400 MB but carries 1 KiB: we must not allocate anywhere near the declared size.
        var frame = Convert.FromHexString("00020801" + "17D78400").Concat(new byte[1024]).ToArray();
        using var stream = new MemoryStream(frame);
        var before = GC.GetAllocatedBytesForCurrentThread();
        await Assert.ThrowsAsync<BepProtocolException>(() => FrameCodec.ReadAsync(stream, BepLimits.MaxMessageLength, default));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024 * 1024, $"allocated {allocated} bytes for a 1 KiB body declaring 400 MB");
    }

    [Fact]
    public async Task MaxMessageLengthIsConfigurable()
    {
        using var frame = FrameCodec.Encode(new Response { Data = ByteString.CopyFrom(new byte[2000]) }, CompressionMode.Never);
        using var stream = new MemoryStream(frame.Memory.ToArray());
        var e = await Assert.ThrowsAsync<BepProtocolException>(() => FrameCodec.ReadAsync(stream, 1000, default));
        Assert.Contains("out of range", e.Message, StringComparison.Ordinal);
    }

    internal static FileInfo SampleFile(string name) => new()
    {
        Name = name,
        Size = 5,
        Permissions = 420,
        ModifiedS = 1_700_000_000,
        ModifiedNs = 123_456_789,
        ModifiedBy = 42,
        Version = new Vector { Counters = { new Syncthing.Engine.Protocol.Wire.Counter { Id = 42, Value = 1_700_000_000 } } },
        Sequence = 9,
        BlockSize = 131072,
        Blocks = { new BlockInfo { Offset = 0, Size = 5, Hash = ByteString.CopyFrom(new byte[32]), WeakHash = 7 } },
    };

    private static async Task<BepMessage> RoundTrip(IMessage message, CompressionMode mode)
    {
        using var frame = FrameCodec.Encode(message, mode);
        using var stream = new MemoryStream(frame.Memory.ToArray());
        var decoded = await FrameCodec.ReadAsync(stream, BepLimits.MaxMessageLength, default);
        Assert.Equal(stream.Length, stream.Position);
        return decoded;
    }
}
