using Syncthing.Engine.Protocol.Compression;

namespace Syncthing.Engine.Tests.Protocol.Compression;

/// <summary>Interop with an independent LZ4 implementation (liblz4 via python-lz4; see testdata/README.md).</summary>
public class Lz4VectorTests
{
    public static TheoryData<string> VectorNames()
    {
        var data = new TheoryData<string>();
        foreach (var vector in Lz4TestData.PythonVectors())
        {
            data.Add(vector.Name);
        }

        return data;
    }

    private static (byte[] Input, byte[] Block) Vector(string name)
    {
        var vector = Lz4TestData.PythonVectors().Single(v => v.Name == name);
        return (vector.Input, vector.Block);
    }

    [Fact]
    public void Vectors_AreAllPresent() => Assert.Equal(20, VectorNames().Count);

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Decompress_LibLz4Block_GivesOriginal(string name)
    {
        var (input, block) = Vector(name);
        var output = new byte[input.Length];
        Assert.Equal(input.Length, Lz4Block.Decompress(block, output));
        Assert.Equal(input, output);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Compress_SameInput_RoundTripsAndIsNoWorseThanLibLz4Fast(string name)
    {
        var (input, block) = Vector(name);
        var ours = new byte[Lz4Block.MaxCompressedLength(input.Length)];
        var written = Lz4Block.Compress(input, ours);
        var output = new byte[input.Length];
        Assert.Equal(input.Length, Lz4Block.Decompress(ours.AsSpan(0, written), output));
        Assert.Equal(input, output);
        // Same greedy algorithm family as liblz4's fast mode: allow a little slack, not a worse ratio. Tiny inputs
        // are exempt: our end rule (no match starting in the last 12 bytes) is one byte stricter than liblz4's
        // (a match may start exactly 12 bytes before the end), which costs a few bytes on 13-byte inputs.
        if (name.EndsWith("-default", StringComparison.Ordinal) && input.Length >= 32)
        {
            Assert.True(written <= block.Length + (block.Length / 10) + 2, $"ours {written}, liblz4 {block.Length}");
        }
    }
}
