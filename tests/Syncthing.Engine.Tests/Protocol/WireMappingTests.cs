using Google.Protobuf;
using Syncthing.Engine.Protocol;
using Wire = Syncthing.Engine.Protocol.Wire;

namespace Syncthing.Engine.Tests.Protocol;

public sealed class WireMappingTests
{
    private static readonly byte[] Hash = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void File_RoundTrips()
    {
        var record = new FileRecord
        {
            Name = "dir/small.txt",
            Kind = FileKind.File,
            Size = 12,
            Permissions = 0x1A4,
            ModifiedSeconds = 1_795_305_409,
            ModifiedNanos = 500,
            ModifiedBy = 42,
            Version = VersionVector.FromCounters([new Counter(42, 1_795_305_409), new Counter(7, 3)]),
            Sequence = 11,
            BlockSize = 131072,
            Blocks = [new BlockRef(0, 12, Hash, 510788711)],
        };

        var wire = WireMapping.ToWire(record);
        Assert.Equal(Wire.FileInfoType.File, wire.Type);
        Assert.Equal([7UL, 42UL], wire.Version.Counters.Select(c => c.Id));
        Assert.Equal(32, wire.BlocksHash.Length);
        Assert.False(wire.Invalid);

        var back = WireMapping.ToRecord(Wire.FileInfo.Parser.ParseFrom(wire.ToByteArray()));
        Assert.Equal(record with { Blocks = [] }, back with { Blocks = [] });
        Assert.True(record.Blocks.SequenceEqual(back.Blocks));
    }

    [Theory]
    [InlineData(Wire.FileInfoType.SymlinkFile)]
    [InlineData(Wire.FileInfoType.SymlinkDirectory)]
    [InlineData(Wire.FileInfoType.Symlink)]
    public void SymlinkTypes_MapToSymlink_WithUtf8Target(Wire.FileInfoType type)
    {
        var wire = new Wire.FileInfo { Name = "l", Type = type, NoPermissions = true, SymlinkTarget = ByteString.CopyFromUtf8("tärget/x") };
        var record = WireMapping.ToRecord(wire);
        Assert.Equal(FileKind.Symlink, record.Kind);
        Assert.Equal("tärget/x", record.SymlinkTarget);

        var back = WireMapping.ToWire(record);
        Assert.Equal(Wire.FileInfoType.Symlink, back.Type);
        Assert.Equal("tärget/x", back.SymlinkTarget.ToStringUtf8());
        Assert.True(back.BlocksHash.IsEmpty);
    }

    [Fact]
    public void ZeroBlockSize_MeansDefault()
    {
        Assert.Equal(131072, WireMapping.ToRecord(new Wire.FileInfo { Name = "a" }).BlockSize);
        Assert.Equal(1 << 20, WireMapping.ToRecord(new Wire.FileInfo { Name = "a", BlockSize = 1 << 20 }).BlockSize);
    }

    [Theory]
    [InlineData(LocalFlags.Ignored, false)]
    [InlineData(LocalFlags.Unsupported, false)]
    [InlineData(LocalFlags.MustRescan, false)]
    [InlineData(LocalFlags.ReceiveOnly, true)]
    public void LocalFlags_AreSentAsInvalid_ReceiveOnlyClearsVersion(LocalFlags flags, bool versionCleared)
    {
        var record = new FileRecord
        {
            Name = "a",
            LocalFlags = flags,
            Version = VersionVector.FromCounters([new Counter(1, 5)]),
            BlockSize = 131072,
            Blocks = [new BlockRef(0, 0, Hash)],
        };

        var wire = WireMapping.ToWire(record);
        Assert.True(wire.Invalid);
        Assert.Equal(versionCleared ? 0 : 1, wire.Version.Counters.Count);

        var received = WireMapping.ToRecord(wire);
        Assert.Equal(LocalFlags.None, received.LocalFlags);
        Assert.True(received.Invalid);
    }

    [Fact]
    public void BlocksHash_Is119Definition()
    {
        // SHA-256 over hash || weak (big-endian), per block.
        var blocks = new[] { new BlockRef(0, 5, Hash, 0x01020304) };
        var expected = System.Security.Cryptography.SHA256.HashData([.. Hash, 1, 2, 3, 4]);
        Assert.Equal(expected, WireMapping.BlocksHash([.. blocks]));
    }
}
