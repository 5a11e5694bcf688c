using System.Buffers.Binary;
using System.Security.Cryptography;
using Syncthing.Engine.Protocol;

namespace Syncthing.Engine.Scanner;

/// <summary>
/// FileInfo field 18 <c>blocks_hash</c> as 1.19 computes it (brief §3.4): SHA-256 over, for each block in order,
/// its hash followed by its weak hash as a big-endian uint32. Receivers only use it as an optimisation key.
/// </summary>
internal static class BlocksHash
{
    /// <summary>Computes the 32-byte blocks hash of <paramref name="blocks"/> (SHA-256("") for no blocks).</summary>
    public static byte[] Compute(ReadOnlySpan<BlockRef> blocks)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> weak = stackalloc byte[sizeof(uint)];
        foreach (var block in blocks)
        {
            sha.AppendData(block.Hash.Span);
            BinaryPrimitives.WriteUInt32BigEndian(weak, block.WeakHash);
            sha.AppendData(weak);
        }

        return sha.GetHashAndReset();
    }
}
