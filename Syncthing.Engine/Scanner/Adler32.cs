using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Syncthing.Engine.Scanner;

/// <summary>
/// zlib's Adler-32 (modulus 65521, initial value 1): the 1.x weak block hash (brief §4.2). The value is
/// <c>(s2 &lt;&lt; 16) | s1</c> where s1 = 1 + Σ bytes and s2 = Σ of the running s1 after each byte.
/// </summary>
/// <remarks>
/// Sums are reduced modulo 65521 only once per <see cref="ScalarChunk"/> bytes (zlib's NMAX: the largest run
/// for which s2 cannot overflow 32 bits). Where Vector256/Vector128 are hardware-accelerated, whole 32/16-byte
/// groups are summed in vector lanes; the lanes are small enough to stay exact over a <see cref="VectorChunk"/>
/// and are folded into s1/s2 in 64-bit arithmetic. Both paths give exactly the scalar definition.
/// </remarks>
internal static class Adler32
{
    public const uint Modulus = 65521;

    /// <summary>The Adler-32 of no bytes.</summary>
    public const uint Initial = 1;

    /// <summary>zlib's NMAX.</summary>
    internal const int ScalarChunk = 5552;

    /// <summary>Bytes per vector chunk: 173 groups of 32 (or 346 of 16), just under NMAX.</summary>
    internal const int VectorChunk = 5536;

    /// <summary>Adler-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Update(Initial, data);

    /// <summary>Continues an Adler-32 <paramref name="adler"/> over more bytes.</summary>
    public static uint Update(uint adler, ReadOnlySpan<byte> data)
    {
        ulong s1 = adler & 0xFFFF;
        ulong s2 = adler >> 16;
        if (Vector256.IsHardwareAccelerated && data.Length >= 64)
        {
            data = data[UpdateVector256(ref s1, ref s2, data)..];
        }
        else if (Vector128.IsHardwareAccelerated && data.Length >= 32)
        {
            data = data[UpdateVector128(ref s1, ref s2, data)..];
        }

        return UpdateScalar((uint)s1, (uint)s2, data);
    }

    /// <summary>The 128-bit vector path regardless of what <see cref="Update"/> would pick (for tests).</summary>
    internal static uint UpdateVector128Path(uint adler, ReadOnlySpan<byte> data)
    {
        ulong s1 = adler & 0xFFFF;
        ulong s2 = adler >> 16;
        data = data[UpdateVector128(ref s1, ref s2, data)..];
        return UpdateScalar((uint)s1, (uint)s2, data);
    }

    /// <summary>The 256-bit vector path regardless of what <see cref="Update"/> would pick (for tests).</summary>
    internal static uint UpdateVector256Path(uint adler, ReadOnlySpan<byte> data)
    {
        ulong s1 = adler & 0xFFFF;
        ulong s2 = adler >> 16;
        data = data[UpdateVector256(ref s1, ref s2, data)..];
        return UpdateScalar((uint)s1, (uint)s2, data);
    }

    /// <summary>The plain (non-vector) algorithm; exposed for tests that compare the paths.</summary>
    internal static uint UpdateScalar(uint adler, ReadOnlySpan<byte> data) => UpdateScalar(adler & 0xFFFF, adler >> 16, data);

    private static uint UpdateScalar(uint s1, uint s2, ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            var chunk = data[..Math.Min(data.Length, ScalarChunk)];
            var i = 0;
            for (; i + 4 <= chunk.Length; i += 4)
            {
                s1 += chunk[i];
                s2 += s1;
                s1 += chunk[i + 1];
                s2 += s1;
                s1 += chunk[i + 2];
                s2 += s1;
                s1 += chunk[i + 3];
                s2 += s1;
            }

            for (; i < chunk.Length; i++)
            {
                s1 += chunk[i];
                s2 += s1;
            }

            s1 %= Modulus;
            s2 %= Modulus;
            data = data[chunk.Length..];
        }

        return (s2 << 16) | s1;
    }

    // For a chunk of K groups g_0..g_{K-1} of W bytes each, starting from (s1, s2):
    //   s1' = s1 + Σ_k S(g_k)
    //   s2' = s2 + W·K·s1 + W·Σ_k Σ_{j<k} S(g_j) + Σ_k Σ_i (W − i)·g_k[i]
    // vs1 holds Σ S(g) split over lanes, vPrefix the Σ_k Σ_{j<k} S(g_j) term, vs2 the weighted sums.
    // Returns the number of bytes consumed (whole groups); the caller hashes the tail.
    private static int UpdateVector256(ref ulong s1, ref ulong s2, ReadOnlySpan<byte> data)
    {
        const int width = 32;
        var weightsLow = Vector256.Create((ushort)32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17);
        var weightsHigh = Vector256.Create((ushort)16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
        ref var start = ref MemoryMarshal.GetReference(data);
        var groups = data.Length / width;
        nuint offset = 0;
        while (groups > 0)
        {
            var k = Math.Min(groups, VectorChunk / width);
            groups -= k;
            var vs1 = Vector256<uint>.Zero;
            var vs2 = Vector256<uint>.Zero;
            var vPrefix = Vector256<uint>.Zero;
            for (var g = 0; g < k; g++, offset += width)
            {
                var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref start, offset));
                // Each ushort lane: at most 255·(32+16) for the products, 510 for the plain sum: no overflow.
                var (p0, p1) = Vector256.Widen((low * weightsLow) + (high * weightsHigh));
                var (b0, b1) = Vector256.Widen(low + high);
                vPrefix += vs1;
                vs1 += b0 + b1;
                vs2 += p0 + p1;
            }

            s2 = (s2 + ((ulong)width * (ulong)k * s1) + (width * (ulong)Vector256.Sum(vPrefix)) + Vector256.Sum(vs2)) % Modulus;
            s1 = (s1 + Vector256.Sum(vs1)) % Modulus;
        }

        return (int)offset;
    }

    private static int UpdateVector128(ref ulong s1, ref ulong s2, ReadOnlySpan<byte> data)
    {
        const int width = 16;
        var weightsLow = Vector128.Create((ushort)16, 15, 14, 13, 12, 11, 10, 9);
        var weightsHigh = Vector128.Create((ushort)8, 7, 6, 5, 4, 3, 2, 1);
        ref var start = ref MemoryMarshal.GetReference(data);
        var groups = data.Length / width;
        nuint offset = 0;
        while (groups > 0)
        {
            var k = Math.Min(groups, VectorChunk / width);
            groups -= k;
            var vs1 = Vector128<uint>.Zero;
            var vs2 = Vector128<uint>.Zero;
            var vPrefix = Vector128<uint>.Zero;
            for (var g = 0; g < k; g++, offset += width)
            {
                var (low, high) = Vector128.Widen(Vector128.LoadUnsafe(ref start, offset));
                var (p0, p1) = Vector128.Widen((low * weightsLow) + (high * weightsHigh));
                var (b0, b1) = Vector128.Widen(low + high);
                vPrefix += vs1;
                vs1 += b0 + b1;
                vs2 += p0 + p1;
            }

            s2 = (s2 + ((ulong)width * (ulong)k * s1) + (width * (ulong)Vector128.Sum(vPrefix)) + Vector128.Sum(vs2)) % Modulus;
            s1 = (s1 + Vector128.Sum(vs1)) % Modulus;
        }

        return (int)offset;
    }
}
