using System.Numerics;

namespace Syncthing.Engine.Scanner;

/// <summary>
/// Syncthing's block-size policy (brief §4.1): which block size the scanner picks for a file, when a rescan keeps the
/// previous one, and which block sizes announced by a peer are acceptable.
/// </summary>
internal static class BlockSizeRule
{
    /// <summary>128 KiB: the smallest block size, and the meaning of an absent/zero <c>block_size</c>.</summary>
    public const int MinBlockSize = 128 * 1024;

    /// <summary>16 MiB: the largest block size.</summary>
    public const int MaxBlockSize = 16 * 1024 * 1024;

    /// <summary>The scanner aims for fewer than this many blocks per file.</summary>
    public const int DesiredPerFileBlocks = 2000;

    /// <summary>The eight valid block sizes, ascending (powers of two from 128 KiB to 16 MiB).</summary>
    public static ReadOnlySpan<int> StandardSizes =>
    [
        128 * 1024, 256 * 1024, 512 * 1024, 1024 * 1024,
        2 * 1024 * 1024, 4 * 1024 * 1024, 8 * 1024 * 1024, 16 * 1024 * 1024,
    ];

    /// <summary>
    /// The block size for a freshly scanned file: the smallest standard size <c>bs</c> with
    /// <c>fileSize &lt; 2000 × bs</c> (strict), else 16 MiB.
    /// </summary>
    public static int ForFileSize(long fileSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fileSize);
        foreach (var size in StandardSizes)
        {
            if (fileSize < (long)DesiredPerFileBlocks * size)
            {
                return size;
            }
        }

        return MaxBlockSize;
    }

    /// <summary>
    /// The block size for a rescan of a file that already has an index entry hashed with
    /// <paramref name="previousBlockSize"/>: the previous size is kept when the rule's choice differs from it by at
    /// most a factor of two either way, so files near a boundary are not re-hashed with alternating sizes.
    /// A previous size below 128 KiB (including 0) counts as 128 KiB, as in Syncthing; a previous size that is
    /// not a valid block size is ignored.
    /// </summary>
    public static int ForRescan(long fileSize, int previousBlockSize)
    {
        var chosen = ForFileSize(fileSize);
        var previous = Math.Max(previousBlockSize, MinBlockSize);
        if (!IsValid(previous))
        {
            return chosen;
        }

        var (larger, smaller) = chosen >= previous ? (chosen, previous) : (previous, chosen);
        return larger / smaller <= 2 ? previous : chosen;
    }

    /// <summary>True for exactly the eight standard sizes (a power of two from 128 KiB to 16 MiB).</summary>
    public static bool IsValid(int blockSize) =>
        blockSize is >= MinBlockSize and <= MaxBlockSize && BitOperations.IsPow2(blockSize);

    /// <summary>
    /// Validates the <c>block_size</c> field of a FileInfo received from a peer. 0 (absent) means 128 KiB; any
    /// other value must be a valid block size. Returns false for anything else (negative, not a power of two, out
    /// of range); what to do then (reject the entry or the connection) is the caller's decision.
    /// </summary>
    public static bool TryNormalizeReceived(int rawBlockSize, out int blockSize)
    {
        blockSize = rawBlockSize == 0 ? MinBlockSize : rawBlockSize;
        if (IsValid(blockSize))
        {
            return true;
        }

        blockSize = 0;
        return false;
    }

    /// <summary>Number of blocks of a file: at least one (an empty file has a single empty block).</summary>
    public static long BlockCount(long fileSize, int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fileSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        return fileSize == 0 ? 1 : ((fileSize - 1) / blockSize) + 1;
    }
}
