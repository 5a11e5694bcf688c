using Syncthing.Engine.Scanner;

namespace Syncthing.Engine.Tests.Scanner;

public class BlockSizeRuleTests
{
    private const long MiB = 1024 * 1024;
    private const int KiB = 1024;

    public static TheoryData<long, int> Table => new()
    {
        { 0, 128 * KiB },
        { 1, 128 * KiB },
        { (250 * MiB) - 1, 128 * KiB },
        { 250 * MiB, 256 * KiB },
        { (500 * MiB) - 1, 256 * KiB },
        { 500 * MiB, 512 * KiB },
        { (1000 * MiB) - 1, 512 * KiB },
        { 1000 * MiB, 1024 * KiB },
        { (2000 * MiB) - 1, 1024 * KiB },
        { 2000 * MiB, 2048 * KiB },
        { (4000 * MiB) - 1, 2048 * KiB },
        { 4000 * MiB, 4096 * KiB },
        { (8000 * MiB) - 1, 4096 * KiB },
        { 8000 * MiB, 8192 * KiB },
        { (16000 * MiB) - 1, 8192 * KiB },
        { 16000 * MiB, 16384 * KiB },
        { 32000 * MiB, 16384 * KiB },
        { long.MaxValue, 16384 * KiB },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void ForFileSize_Section41Table_MatchesIncludingStrictBoundaries(long fileSize, int expected) =>
        Assert.Equal(expected, BlockSizeRule.ForFileSize(fileSize));

    [Fact]
    public void ForFileSize_A12_Exactly250MiB_Gets256KiB() => Assert.Equal(262_144, BlockSizeRule.ForFileSize(262_144_000));

    [Fact]
    public void StandardSizes_AreTheEightPowersOfTwo()
    {
        Assert.Equal(
            [131072, 262144, 524288, 1048576, 2097152, 4194304, 8388608, 16777216],
            BlockSizeRule.StandardSizes.ToArray());
    }

    [Theory]
    // Rule says 256 KiB; the previous 128 KiB is within a factor of two: kept.
    [InlineData(300 * MiB, 128 * KiB, 128 * KiB)]
    // Rule says 128 KiB; previous 256 KiB is within a factor of two: kept.
    [InlineData(200 * MiB, 256 * KiB, 256 * KiB)]
    // Rule says 128 KiB; previous 512 KiB is a factor of four away: re-chosen.
    [InlineData(200 * MiB, 512 * KiB, 128 * KiB)]
    // Rule says 1 MiB; previous 256 KiB is a factor of four away: re-chosen.
    [InlineData(1500 * MiB, 256 * KiB, 1024 * KiB)]
    // Same size: unchanged.
    [InlineData(600 * MiB, 512 * KiB, 512 * KiB)]
    // Previous 0 (absent) counts as 128 KiB.
    [InlineData(300 * MiB, 0, 128 * KiB)]
    // Previous below 128 KiB counts as 128 KiB, as in Syncthing's FileInfo.BlockSize().
    [InlineData(300 * MiB, 4096, 128 * KiB)]
    // Previous not a power of two / above the maximum: ignored.
    [InlineData(300 * MiB, 200 * KiB, 256 * KiB)]
    [InlineData(20000 * MiB, 32 * 1024 * KiB, 16384 * KiB)]
    // Largest size: previous 8 MiB kept for a huge file.
    [InlineData(40000 * MiB, 8192 * KiB, 8192 * KiB)]
    public void ForRescan_KeepsPreviousWithinFactorOfTwo(long fileSize, int previous, int expected) =>
        Assert.Equal(expected, BlockSizeRule.ForRescan(fileSize, previous));

    [Theory]
    [InlineData(0, true, 128 * KiB)]
    [InlineData(128 * KiB, true, 128 * KiB)]
    [InlineData(1024 * KiB, true, 1024 * KiB)]
    [InlineData(16384 * KiB, true, 16384 * KiB)]
    [InlineData(64 * KiB, false, 0)]
    [InlineData(32768 * KiB, false, 0)]
    [InlineData((128 * KiB) + 1, false, 0)]
    [InlineData(3 * 128 * KiB, false, 0)]
    [InlineData(-131072, false, 0)]
    [InlineData(int.MinValue, false, 0)]
    public void TryNormalizeReceived_AcceptsZeroAndPowersOfTwoInRange(int raw, bool ok, int expected)
    {
        Assert.Equal(ok, BlockSizeRule.TryNormalizeReceived(raw, out var size));
        Assert.Equal(expected, size);
    }

    [Theory]
    [InlineData(0, 128 * KiB, 1)]
    [InlineData(1, 128 * KiB, 1)]
    [InlineData(128 * KiB, 128 * KiB, 1)]
    [InlineData((128 * KiB) + 1, 128 * KiB, 2)]
    [InlineData(250 * MiB, 256 * KiB, 1000)]
    public void BlockCount_IsCeilingWithAtLeastOne(long size, int blockSize, long expected) =>
        Assert.Equal(expected, BlockSizeRule.BlockCount(size, blockSize));
}
