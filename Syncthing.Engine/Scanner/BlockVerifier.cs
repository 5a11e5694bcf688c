using System.Security.Cryptography;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Scanner;

/// <summary>Checks block data received or copied by the puller against the block list it was meant to match.</summary>
internal static class BlockVerifier
{
    /// <summary>
    /// True when <paramref name="data"/> has exactly the expected length and SHA-256. The weak hash is not used as
    /// a shortcut: a matching Adler-32 alone is not proof. Not constant-time (block hashes are not secrets).
    /// </summary>
    public static bool VerifyBlock(ReadOnlySpan<byte> data, BlockRef expected)
    {
        if (data.Length != expected.Size || expected.Hash.Length != BlockHasher.HashSize)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[BlockHasher.HashSize];
        SHA256.HashData(data, actual);
        return actual.SequenceEqual(expected.Hash.Span);
    }
}
