using Syncthing.Engine.Protocol;
using static Syncthing.Engine.Tests.Index.Ix;

namespace Syncthing.Engine.Tests.Index;

public sealed class VersionVectorCompareTests
{
    [Fact]
    public void A13_FirstDifferenceDecidesConcurrentGreater()
    {
        var a = V((1, 5), (2, 3));
        var b = V((1, 4), (2, 7));
        Assert.Equal(Ordering.ConcurrentGreater, a.Compare(b));
        Assert.Equal(Ordering.ConcurrentLesser, b.Compare(a));
    }

    [Theory]
    [InlineData(new ulong[] { 1, 1 }, new ulong[] { 1, 1 }, Ordering.Equal)]
    [InlineData(new ulong[] { 1, 2 }, new ulong[] { 1, 1 }, Ordering.Greater)]
    [InlineData(new ulong[] { 1, 1 }, new ulong[] { 1, 2 }, Ordering.Lesser)]
    [InlineData(new ulong[] { 1, 1, 2, 1 }, new ulong[] { 1, 1 }, Ordering.Greater)] // missing counter = 0
    [InlineData(new ulong[] { 2, 1 }, new ulong[] { 1, 1 }, Ordering.ConcurrentLesser)] // differs first at id 1: b ahead
    [InlineData(new ulong[] { 1, 1 }, new ulong[] { 2, 1 }, Ordering.ConcurrentGreater)]
    [InlineData(new ulong[] { }, new ulong[] { 1, 1 }, Ordering.Lesser)]
    public void Compare(ulong[] a, ulong[] b, Ordering expected)
    {
        Assert.Equal(expected, Pairs(a).Compare(Pairs(b)));
    }

    private static VersionVector Pairs(ulong[] flat) =>
        V(Enumerable.Range(0, flat.Length / 2).Select(i => (flat[2 * i], flat[(2 * i) + 1])).ToArray());
}
