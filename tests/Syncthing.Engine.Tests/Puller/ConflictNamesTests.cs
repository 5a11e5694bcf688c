using Syncthing.Engine.Identity;
using Syncthing.Engine.Puller;
using Syncthing.Engine.Tests.Infrastructure;
using Xunit;

namespace Syncthing.Engine.Tests.Puller;

/// <summary>Conflict copy names, detection and pruning, checked against 1.19's <c>conflictName</c>/<c>existingConflicts</c>.</summary>
public sealed class ConflictNamesTests
{
    private static readonly ShortId Probe = DeviceId.Parse("QQYQ53F-AQK4XBN-I37MJSV-BJ4QB7S-YZLY6CQ-R22QLBO-LBR3KPJ-BOIQFQQ").Short;

    // 23:57:54 local time on 21 Nov 2026, in a zone 5 hours ahead of UTC.
    private static readonly DateTimeOffset Local = new(2026, 11, 21, 23, 57, 54, TimeSpan.FromHours(5));

    [Theory]
    [InlineData("small.txt", "small.sync-conflict-20261121-235754-QQYQ53F.txt")]
    [InlineData("a.tar.gz", "a.tar.sync-conflict-20261121-235754-QQYQ53F.gz")]
    [InlineData("README", "README.sync-conflict-20261121-235754-QQYQ53F")]
    [InlineData(".bashrc", ".sync-conflict-20261121-235754-QQYQ53F.bashrc")]
    [InlineData("dir/.bashrc", "dir/.sync-conflict-20261121-235754-QQYQ53F.bashrc")]
    [InlineData("dir.d/file", "dir.d/file.sync-conflict-20261121-235754-QQYQ53F")]
    [InlineData("x.y/z.w/name.tar.bz2", "x.y/z.w/name.tar.sync-conflict-20261121-235754-QQYQ53F.bz2")]
    [InlineData("trailing.", "trailing.sync-conflict-20261121-235754-QQYQ53F.")]
    [InlineData("ünïcødé.färbe", "ünïcødé.sync-conflict-20261121-235754-QQYQ53F.färbe")]
    public void ConflictName_SplitsAtGoFilepathExt(string name, string expected) =>
        Assert.Equal(expected, ConflictNames.ConflictName(name, Probe, Local));

    [Fact]
    public void ConflictName_UsesTheClockFieldsOfLocalTime_NotUtc()
    {
        var utcMidnightCrossing = new DateTimeOffset(2026, 1, 1, 1, 2, 3, TimeSpan.FromHours(-3));
        Assert.Equal("f.sync-conflict-20260101-010203-QQYQ53F.txt", ConflictNames.ConflictName("f.txt", Probe, utcMidnightCrossing));
    }

    [Fact]
    public void ConflictName_FromTimeProvider_UsesItsLocalTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));
        var expected = time.GetLocalNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"f.sync-conflict-{expected}-QQYQ53F.txt", ConflictNames.ConflictName("f.txt", Probe, time));
    }

    [Theory]
    [InlineData("a.txt", ".txt")]
    [InlineData("a.tar.gz", ".gz")]
    [InlineData(".bashrc", ".bashrc")]
    [InlineData("a.b/c", "")]
    [InlineData("noext", "")]
    public void Extension_IsGoFilepathExt(string name, string ext) => Assert.Equal(ext, ConflictNames.Extension(name));

    [Theory]
    [InlineData("a.sync-conflict-20200101-000000-ABCDEFG.txt", true)]
    [InlineData("dir/a.sync-conflict-x", true)]
    [InlineData(".sync-conflict-20200101-000000-ABCDEFG.bashrc", true)]
    [InlineData("a.sync-conflict-dir/file.txt", false)]
    [InlineData("a.txt", false)]
    [InlineData("a.sync-conflict.txt", false)]
    [InlineData("a.SYNC-CONFLICT-20200101-000000-ABCDEFG.txt", false)]
    public void IsConflictCopy_LooksAtLastComponentOnly(string name, bool expected) =>
        Assert.Equal(expected, ConflictNames.IsConflictCopy(name));

    [Fact]
    public void ConflictName_IsAlwaysDetectedAsAConflictCopyOfItsOriginal()
    {
        foreach (var name in new[] { "a.txt", "a.tar.gz", ".bashrc", "d.x/noext", "trailing." })
        {
            var copy = ConflictNames.ConflictName(name, Probe, Local);
            Assert.True(ConflictNames.IsConflictCopy(copy), copy);
            Assert.True(ConflictNames.IsConflictCopyOf(name, copy), copy);
            Assert.False(ConflictNames.IsConflictCopy(name), name);
        }
    }

    [Theory]
    [InlineData("a.txt", "a.sync-conflict-20200101-000000-ABCDEFG.txt", true)]
    [InlineData("a.txt", "a.sync-conflict-20200101-000000.txt", true)] // the glob's '*' may be empty
    [InlineData("a.txt", "a.sync-conflict-2020010-000000.txt", false)] // only 7 date characters
    [InlineData("a.txt", "a.sync-conflict-20200101_000000-ABCDEFG.txt", false)]
    [InlineData("a.txt", "a.sync-conflict-20200101-000000-ABCDEFG.md", false)]
    [InlineData("a.txt", "b.sync-conflict-20200101-000000-ABCDEFG.txt", false)]
    [InlineData("a.txt", "aa.sync-conflict-20200101-000000-ABCDEFG.txt", false)]
    [InlineData("d/a.txt", "a.sync-conflict-20200101-000000-ABCDEFG.txt", false)]
    [InlineData("a.txt", "a.sync-conflict-20200101-000000-X/Y.txt", false)]
    [InlineData("noext", "noext.sync-conflict-20200101-000000-ABCDEFG", true)]
    [InlineData("noext", "noext.sync-conflict-20200101-000000-ABCDEFG.txt", true)] // no extension: '*' takes the rest
    [InlineData(".bashrc", ".sync-conflict-20200101-000000-ABCDEFG.bashrc", true)]
    public void IsConflictCopyOf_MatchesTheGlob(string name, string candidate, bool expected) =>
        Assert.Equal(expected, ConflictNames.IsConflictCopyOf(name, candidate));

    private static readonly string[] Listing =
    [
        "d/a.txt",
        "d/a.sync-conflict-20200101-000000-AAAAAAA.txt",
        "d/a.sync-conflict-20210101-000000-AAAAAAA.txt",
        "d/a.sync-conflict-20220101-000000-AAAAAAA.txt",
        "d/a.sync-conflict-20220101-000000-BBBBBBB.txt",
        "d/b.sync-conflict-19990101-000000-AAAAAAA.txt",
        "d/a.sync-conflict-19990101-000000-AAAAAAA.md",
    ];

    [Fact]
    public void SelectForPruning_RemovesTheOldestBeyondMax()
    {
        Assert.Equal(
            ["d/a.sync-conflict-20200101-000000-AAAAAAA.txt", "d/a.sync-conflict-20210101-000000-AAAAAAA.txt"],
            ConflictNames.SelectForPruning("d/a.txt", Listing.Reverse(), 2));
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(4, 0)]
    [InlineData(10, 0)]
    [InlineData(3, 1)]
    [InlineData(1, 3)]
    [InlineData(0, 4)]
    public void SelectForPruning_CountsOnlyThisFilesCopies(int max, int removed) =>
        Assert.Equal(removed, ConflictNames.SelectForPruning("d/a.txt", Listing, max).Count);

    [Fact]
    public void SelectForPruning_KeepsNewestWhenEqualStampsDifferByDevice()
    {
        var prune = ConflictNames.SelectForPruning("d/a.txt", Listing, 1);
        Assert.DoesNotContain("d/a.sync-conflict-20220101-000000-BBBBBBB.txt", prune);
        Assert.Contains("d/a.sync-conflict-20220101-000000-AAAAAAA.txt", prune);
    }
}
