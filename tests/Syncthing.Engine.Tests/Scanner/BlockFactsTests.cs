using System.Buffers.Binary;
using System.Security.Cryptography;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Scanner;

namespace Syncthing.Engine.Tests.Scanner;

public class BlockFactsTests
{
    [Fact]
    public void ZeroBlocks_TableMatchesActualHashesOfZeroBuffers()
    {
        foreach (var size in BlockSizeRule.StandardSizes)
        {
            var hash = SHA256.HashData(new byte[size]);
            Assert.True(ZeroBlocks.TryGetHash(size, out var known));
            Assert.Equal(hash, known.ToArray());
            Assert.True(ZeroBlocks.IsZeroBlock(size, hash));
            Assert.True(ZeroBlocks.IsZeroBlock(new BlockRef(0, size, hash)));
        }
    }

    [Fact]
    public void ZeroBlocks_RejectsOtherSizesAndHashes()
    {
        var zero128 = SHA256.HashData(new byte[131072]);
        Assert.False(ZeroBlocks.IsZeroBlock(262144, zero128));
        Assert.False(ZeroBlocks.IsZeroBlock(1000, SHA256.HashData(new byte[1000])));
        Assert.False(ZeroBlocks.IsZeroBlock(131072, SHA256.HashData(new byte[] { 1 })));
        Assert.False(ZeroBlocks.TryGetHash(1000, out _));
    }

    [Fact]
    public async Task ZeroBlocks_HashedZeroFile_IsRecognisedExceptShortTail()
    {
        var data = new byte[(2 * 131072) + 10];
        var result = await new BlockHasher(new BlockHasherOptions { Workers = 1 })
            .HashAsync(new MemoryBlockSource(data), data.Length, 131072, null, CancellationToken.None);
        Assert.Equal([true, true, false], result.Blocks.Select(ZeroBlocks.IsZeroBlock));
        Assert.Equal(1966081u, result.Blocks[0].WeakHash);
    }

    [Fact]
    public void BlocksHash_IsSha256OverHashAndBigEndianWeakHash()
    {
        var h1 = SHA256.HashData("a"u8);
        var h2 = SHA256.HashData("b"u8);
        BlockRef[] blocks = [new(0, 1, h1, 0x01020304), new(1, 1, h2, 0xA0B0C0D0)];

        var manual = new byte[72];
        h1.CopyTo(manual, 0);
        BinaryPrimitives.WriteUInt32BigEndian(manual.AsSpan(32), 0x01020304);
        h2.CopyTo(manual, 36);
        manual[68] = 0xA0;
        manual[69] = 0xB0;
        manual[70] = 0xC0;
        manual[71] = 0xD0;

        Assert.Equal(SHA256.HashData(manual), BlocksHash.Compute(blocks));
    }

    [Fact]
    public void BlocksHash_EmptyFileBlock_HashesHashAndZeroWeak()
    {
        var emptyHash = SHA256.HashData(ReadOnlySpan<byte>.Empty);
        BlockRef[] blocks = [new(0, 0, emptyHash, 0)];
        Assert.Equal(SHA256.HashData([.. emptyHash, 0, 0, 0, 0]), BlocksHash.Compute(blocks));
    }

    [Fact]
    public void VerifyBlock_AcceptsMatchingDataOnly()
    {
        var data = "some block data"u8.ToArray();
        var block = new BlockRef(0, data.Length, SHA256.HashData(data), Adler32.Compute(data));

        Assert.True(BlockVerifier.VerifyBlock(data, block));
        var flipped = data.ToArray();
        flipped[3] ^= 1;
        Assert.False(BlockVerifier.VerifyBlock(flipped, block));
        Assert.False(BlockVerifier.VerifyBlock(data.AsSpan(1), block));
        Assert.False(BlockVerifier.VerifyBlock(data, block with { Size = data.Length + 1 }));
        Assert.True(BlockVerifier.VerifyBlock([], new BlockRef(0, 0, SHA256.HashData(ReadOnlySpan<byte>.Empty))));
    }
}
