using System.Collections.Frozen;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Scanner;

/// <summary>
/// SHA-256 of an all-zero block of each standard block size (brief §4.3). The puller can skip copying or requesting
/// such blocks when the temporary file is sparse and pre-sized.
/// </summary>
internal static class ZeroBlocks
{
    private static readonly FrozenDictionary<int, byte[]> HashBySize = new Dictionary<int, byte[]>
    {
        [128 * 1024] = Convert.FromHexString("fa43239bcee7b97ca62f007cc68487560a39e19f74f3dde7486db3f98df8e471"),
        [256 * 1024] = Convert.FromHexString("8a39d2abd3999ab73c34db2476849cddf303ce389b35826850f9a700589b4a90"),
        [512 * 1024] = Convert.FromHexString("07854d2fef297a06ba81685e660c332de36d5d18d546927d30daad6d7fda1541"),
        [1024 * 1024] = Convert.FromHexString("30e14955ebf1352266dc2ff8067e68104607e750abb9d3b36582b8af909fcb58"),
        [2 * 1024 * 1024] = Convert.FromHexString("5647f05ec18958947d32874eeb788fa396a05d0bab7c1b71f112ceb7e9b31eee"),
        [4 * 1024 * 1024] = Convert.FromHexString("bb9f8df61474d25e71fa00722318cd387396ca1736605e1248821cc0de3d3af8"),
        [8 * 1024 * 1024] = Convert.FromHexString("2daeb1f36095b44b318410b3f4e8b5d989dcc7bb023d1426c492dab0a3053e74"),
        [16 * 1024 * 1024] = Convert.FromHexString("080acf35a507ac9849cfcba47dc2ad83e01b75663a516279c8b9d243b719643e"),
    }.ToFrozenDictionary();

    /// <summary>The SHA-256 of <paramref name="size"/> zero bytes, when size is a standard block size.</summary>
    public static bool TryGetHash(int size, out ReadOnlySpan<byte> hash)
    {
        if (HashBySize.TryGetValue(size, out var value))
        {
            hash = value;
            return true;
        }

        hash = default;
        return false;
    }

    /// <summary>
    /// True when a block of <paramref name="size"/> bytes with <paramref name="hash"/> is all zeros: the size is a
    /// standard block size and the hash is the known SHA-256 of that many zeros. (A short last block never
    /// matches, as in Syncthing.)
    /// </summary>
    public static bool IsZeroBlock(int size, ReadOnlySpan<byte> hash) =>
        HashBySize.TryGetValue(size, out var value) && hash.SequenceEqual(value);

    /// <inheritdoc cref="IsZeroBlock(int, ReadOnlySpan{byte})"/>
    public static bool IsZeroBlock(BlockRef block) => IsZeroBlock(block.Size, block.Hash.Span);
}
