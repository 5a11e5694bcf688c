using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Syncthing.Engine.Scanner;

namespace Syncthing.Engine.Tests.Scanner;

public class Adler32Tests
{
    /// <summary>The textbook definition, one modulo per byte.</summary>
    internal static uint Reference(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        foreach (var x in data)
        {
            a = (a + x) % 65521;
            b = (b + a) % 65521;
        }

        return (b << 16) | a;
    }

    [Theory]
    [InlineData("hello world\n", 510788711u)]
    [InlineData("x", 7929977u)]
    [InlineData("", 1u)]
    public void Compute_A6_Strings(string text, uint expected) =>
        Assert.Equal(expected, Adler32.Compute(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Compute_A6_128KiBOfZeros() => Assert.Equal(1966081u, Adler32.Compute(new byte[131072]));

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(31)]
    [InlineData(64)]
    [InlineData(5535)]
    [InlineData(5536)]
    [InlineData(5537)]
    [InlineData(5552)]
    [InlineData(5553)]
    [InlineData(11104)]
    [InlineData(131072)]
    [InlineData((1 << 20) + 7)]
    public void AllPaths_AllOnes_MatchReference(int length)
    {
        // 0xFF everywhere maximizes every partial sum: the overflow worst case for each path.
        var data = new byte[length];
        Array.Fill(data, (byte)0xFF);
        var expected = Reference(data);
        Assert.Equal(expected, Adler32.Compute(data));
        Assert.Equal(expected, Adler32.UpdateScalar(Adler32.Initial, data));
        Assert.Equal(expected, Adler32.UpdateVector128Path(Adler32.Initial, data));
        Assert.Equal(expected, Adler32.UpdateVector256Path(Adler32.Initial, data));
    }

    [Fact]
    public void Property_FastEqualsReference_OnArbitraryBytes() =>
        Prop.ForAll<byte[]>(data =>
        {
            var expected = Reference(data);
            return Adler32.Compute(data) == expected
                && Adler32.UpdateScalar(Adler32.Initial, data) == expected
                && Adler32.UpdateVector128Path(Adler32.Initial, data) == expected
                && Adler32.UpdateVector256Path(Adler32.Initial, data) == expected;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_FastEqualsReference_OnLongSeededBuffers() =>
        // Lengths up to ~3 chunks of 5552 with mostly high bytes, so chunk folding and tails are exercised.
        Prop.ForAll(Gen.Choose(0, 17000).ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (length, seed) =>
        {
            var data = new byte[length];
            new Random(seed).NextBytes(data);
            for (var i = 0; i < data.Length; i += 3)
            {
                data[i] |= 0xF0;
            }

            return Adler32.Compute(data) == Reference(data)
                && Adler32.UpdateVector128Path(Adler32.Initial, data) == Reference(data);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_UpdateInPiecesEqualsWhole() =>
        Prop.ForAll<byte[], byte[]>((first, second) =>
        {
            var whole = first.Concat(second).ToArray();
            return Adler32.Update(Adler32.Compute(first), second) == Reference(whole);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_RollingEqualsRecomputed() =>
        Prop.ForAll(Gen.Choose(1, 300).ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (window, seed) =>
        {
            var random = new Random(seed);
            var data = new byte[window + random.Next(0, 400)];
            random.NextBytes(data);
            var rolling = RollingAdler32.Create(data.AsSpan(0, window));
            for (var start = 1; start + window <= data.Length; start++)
            {
                rolling.Roll(data[start - 1], data[start + window - 1]);
                if (rolling.Value != Reference(data.AsSpan(start, window)))
                {
                    return false;
                }
            }

            return rolling.WindowSize == window;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Rolling_OverFullSizeBlockOfExtremeBytes_MatchesCompute()
    {
        // A 128 KiB window (window size > modulus) alternating 0xFF/0x00 boundaries.
        const int window = 131072;
        var data = new byte[window + 1000];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)((i / 500) % 2 == 0 ? 0xFF : 0x00);
        }

        var rolling = RollingAdler32.Create(data.AsSpan(0, window));
        for (var start = 1; start <= 1000; start++)
        {
            rolling.Roll(data[start - 1], data[start + window - 1]);
        }

        Assert.Equal(Adler32.Compute(data.AsSpan(1000, window)), rolling.Value);
    }

    [Fact]
    public void Rolling_EmptyWindow_Throws() =>
        Assert.Throws<ArgumentException>(() => RollingAdler32.Create(ReadOnlySpan<byte>.Empty));
}
